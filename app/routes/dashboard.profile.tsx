import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AVATAR_COLORS, initialsOf } from "../../server/domain/staff";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { callerFor } from "../lib/caller.server";
import { assertSameOrigin } from "../lib/csrf.server";
import { actionError, rethrowForLoader } from "../lib/dashboard/errors.server";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Your profile — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  try {
    const me = await callerFor(request, context, staff).dashboard.me();
    return json(
      {
        displayName: me.displayName,
        initials: me.initials,
        // Initials the stylist chose (not just their name's): kept when the name changes; the name's own follow it.
        customInitials: me.initials === initialsOf(me.displayName) ? "" : me.initials,
        avatarColor: me.avatarColor,
        email: me.email,
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    rethrowForLoader(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const staff = await requireStaff(request, context);
  const form = await request.formData();
  const color = String(form.get("avatarColor") ?? "");
  try {
    await callerFor(request, context, staff).dashboard.profile.update({
      displayName: String(form.get("displayName") ?? ""),
      initials: String(form.get("initials") ?? ""),
      ...((AVATAR_COLORS as readonly string[]).includes(color) ? { avatarColor: color as (typeof AVATAR_COLORS)[number] } : {}),
    });
    return json({ ok: true as const, error: null });
  } catch (error) {
    const e = actionError(error);
    if (e) return json({ ok: false as const, error: e.message }, { status: e.status });
    throw error;
  }
}

/** The name and avatar shoppers see beside this staff member's replies in the chat. */
export default function Profile() {
  const me = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Your profile</h1>
          <p className="db-page__lede">Shoppers see this name and avatar beside your replies in the chat. Signed in as {me.email}.</p>
        </div>
      </div>
      <section className="db-card" aria-labelledby="profile-heading">
        <h2 id="profile-heading" className="db-card__title">
          How shoppers see you
        </h2>
        <Form method="post" className="db-form">
          <div className="db-field">
            <label htmlFor="p-name">Display name</label>
            <input id="p-name" name="displayName" required maxLength={60} defaultValue={me.displayName} autoComplete="name" />
          </div>
          <div className="db-field">
            <label htmlFor="p-initials">Initials on your avatar</label>
            <input
              id="p-initials"
              name="initials"
              maxLength={3}
              defaultValue={me.customInitials}
              placeholder={me.initials}
              aria-describedby="p-initials-hint"
            />
            <p id="p-initials-hint" className="db-muted db-small">
              Up to 3 letters; empty uses your name&apos;s initials.
            </p>
          </div>
          <fieldset className="db-fieldset">
            <legend>Avatar colour</legend>
            <div className="db-swatches">
              {AVATAR_COLORS.map((c) => (
                <label key={c} className="db-swatch">
                  <input type="radio" name="avatarColor" value={c} defaultChecked={c === me.avatarColor} />
                  <span className="db-swatch__chip" style={{ background: c }} aria-hidden="true">
                    {me.initials}
                  </span>
                  <span className="visually-hidden">{c}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="db-button" disabled={saving}>
            {saving ? "Saving…" : "Save profile"}
          </button>
          <p className="db-form-status" role="status">
            {result?.ok && !saving ? "Profile saved." : ""}
          </p>
          {result && !result.ok ? (
            <p className="db-alert db-alert--error" role="alert">
              {result.error}
            </p>
          ) : null}
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;

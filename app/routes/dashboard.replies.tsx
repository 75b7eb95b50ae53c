import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { callerFor } from "../lib/caller.server";
import { assertSameOrigin } from "../lib/csrf.server";
import { actionError, rethrowForLoader } from "../lib/dashboard/errors.server";
import { canWorkTickets } from "../lib/dashboard/labels";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Saved replies — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  try {
    const replies = await callerFor(request, context, staff).dashboard.cannedReplies.list();
    return json(
      {
        replies: replies.map((r) => ({ id: r.id, title: r.title, shortcut: r.shortcut, body: r.body })),
        canEdit: canWorkTickets(staff.role),
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
  const replies = callerFor(request, context, staff).dashboard.cannedReplies;
  const intent = String(form.get("intent") ?? "");
  try {
    if (intent === "create") {
      await replies.create({
        title: String(form.get("title") ?? ""),
        shortcut: String(form.get("shortcut") ?? ""),
        body: String(form.get("body") ?? ""),
      });
      return json({ ok: true as const, intent, error: null });
    }
    if (intent === "delete") {
      await replies.delete({ id: String(form.get("id") ?? "") });
      return json({ ok: true as const, intent, error: null });
    }
    return json({ ok: false as const, intent, error: "Unknown action." }, { status: 400 });
  } catch (error) {
    const e = actionError(error);
    if (e) return json({ ok: false as const, intent, error: e.message }, { status: e.status });
    throw error;
  }
}

/** The store's saved replies: stylists insert them in a ticket with "/shortcut" + Tab or the picker. */
export default function SavedReplies() {
  const { replies, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!saving && result?.ok && result.intent === "create") formRef.current?.reset();
  }, [saving, result]);
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Saved replies</h1>
          <p className="db-page__lede">
            Answers stylists send often. In a ticket, type <code>/shortcut</code> and press Tab, or pick one under the reply box.
          </p>
        </div>
      </div>
      {result && !result.ok ? (
        <p className="db-alert db-alert--error" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="db-card" aria-labelledby="replies-heading">
        <h2 id="replies-heading" className="db-card__title">
          Replies <span className="db-count">{replies.length}</span>
        </h2>
        {replies.length === 0 ? (
          <p className="db-empty">No saved replies yet.</p>
        ) : (
          <ul className="db-notes">
            {replies.map((r) => (
              <li key={r.id} className="db-note">
                <p className="db-note__meta">
                  <strong>{r.title}</strong> · <code>/{r.shortcut}</code>
                </p>
                <p className="db-quote">{r.body}</p>
                {canEdit ? (
                  <Form method="post" className="db-inline-form">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={r.id} />
                    <button type="submit" className="db-button db-button--ghost db-button--small" aria-label={`Delete “${r.title}”`}>
                      Delete
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {canEdit ? (
        <section className="db-card" aria-labelledby="new-reply-heading">
          <h2 id="new-reply-heading" className="db-card__title">
            Add a saved reply
          </h2>
          <Form method="post" className="db-form" ref={formRef}>
            <input type="hidden" name="intent" value="create" />
            <div className="db-field">
              <label htmlFor="r-title">Title</label>
              <input id="r-title" name="title" required maxLength={80} />
            </div>
            <div className="db-field">
              <label htmlFor="r-shortcut">Shortcut</label>
              <input
                id="r-shortcut"
                name="shortcut"
                required
                maxLength={30}
                pattern="[a-zA-Z0-9\-]{1,30}"
                aria-describedby="r-shortcut-hint"
              />
              <p id="r-shortcut-hint" className="db-muted db-small">
                Letters, digits or -, e.g. <code>sizing</code>.
              </p>
            </div>
            <div className="db-field">
              <label htmlFor="r-body">Reply</label>
              <textarea id="r-body" name="body" required maxLength={4000} rows={4} />
            </div>
            <button type="submit" className="db-button" disabled={saving}>
              {saving ? "Saving…" : "Save reply"}
            </button>
            <p className="db-form-status" role="status">
              {result?.ok && result.intent === "create" && !saving ? "Saved." : ""}
            </p>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;

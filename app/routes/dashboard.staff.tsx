import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DASHBOARD_ROLES, type DashboardRole } from "../../server/domain/staff";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { callerFor } from "../lib/caller.server";
import { assertSameOrigin } from "../lib/csrf.server";
import { actionError, rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime } from "../lib/dashboard/format";
import { ROLE_LABELS } from "../lib/dashboard/labels";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Staff — Aurora Concierge dashboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  try {
    const accounts = await callerFor(request, context, staff).dashboard.staff.accounts();
    return json({ accounts, me: staff.userId, now: new Date().toISOString() }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error);
  }
}

const isRole = (v: string): v is DashboardRole => (DASHBOARD_ROLES as readonly string[]).includes(v);

type Result = { ok: boolean; intent: string; error: string | null; password?: string; email?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const staff = await requireStaff(request, context);
  const form = await request.formData();
  const accounts = callerFor(request, context, staff).dashboard.staff;
  const intent = String(form.get("intent") ?? "");
  const field = (name: string) => String(form.get(name) ?? "");
  const answer = (r: Result, status = 200) => json(r, { status, headers: { "Cache-Control": "no-store" } });
  try {
    switch (intent) {
      case "create": {
        const role = field("role");
        if (!isRole(role)) return answer({ ok: false, intent, error: "Choose a role." }, 400);
        const created = await accounts.create({ email: field("email"), role, displayName: field("displayName") });
        return answer({ ok: true, intent, error: null, password: created.password, email: created.account.email });
      }
      case "role": {
        const role = field("role");
        if (!isRole(role)) return answer({ ok: false, intent, error: "Choose a role." }, 400);
        await accounts.update({ userId: field("userId"), role });
        return answer({ ok: true, intent, error: null });
      }
      case "deactivate":
      case "reactivate":
        await accounts.setActive({ userId: field("userId"), active: intent === "reactivate" });
        return answer({ ok: true, intent, error: null });
      case "reset": {
        const reset = await accounts.resetPassword({ userId: field("userId") });
        return answer({ ok: true, intent, error: null, password: reset.password, email: reset.account.email });
      }
      default:
        return answer({ ok: false, intent, error: "Unknown action." }, 400);
    }
  } catch (error) {
    const e = actionError(error);
    if (e) return answer({ ok: false, intent, error: e.message }, e.status);
    throw error;
  }
}

const DONE: Record<string, string> = {
  role: "Role changed.",
  deactivate: "Account deactivated: its session ended.",
  reactivate: "Account reactivated.",
};

/** Staff accounts (admins only): create, change the role, deactivate, reset a password; locks are shown with their end. */
export default function Staff() {
  const { accounts, me, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const saving = useNavigation().state === "submitting";
  return (
    <div className="db-page">
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Staff</h1>
          <p className="db-page__lede">Who can sign in to the dashboard, and what they may do. New passwords are shown once.</p>
        </div>
      </div>
      {result && !saving ? (
        result.ok ? (
          <div className="db-alert db-alert--success" role="status">
            {result.password ? (
              <p>
                {result.intent === "create" ? "Account created" : "Password reset"} for {result.email}. Its password (shown once — pass it
                on securely): <code className="db-secret">{result.password}</code>
              </p>
            ) : (
              <p>{DONE[result.intent] ?? "Done."}</p>
            )}
          </div>
        ) : (
          <p className="db-alert db-alert--error" role="alert">
            {result.error}
          </p>
        )
      ) : null}
      <section className="db-card db-card--flush" aria-labelledby="accounts-heading">
        <div className="db-card__bar">
          <h2 id="accounts-heading" className="db-card__title">
            Accounts <span className="db-count">{accounts.length}</span>
          </h2>
        </div>
        <div className="db-table-wrap" role="region" aria-label="Staff accounts (scrolls sideways)" tabIndex={0}>
          <table className="db-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => {
                const locked = a.lockedUntil && a.lockedUntil > now;
                const self = a.userId === me;
                return (
                  <tr key={a.userId}>
                    <td className="db-strong">
                      {a.displayName}
                      {self ? <span className="db-muted"> (you)</span> : null}
                    </td>
                    <td>{a.email}</td>
                    <td>
                      {self ? (
                        ROLE_LABELS[a.role]
                      ) : (
                        <Form method="post" className="db-inline-form__row">
                          <input type="hidden" name="intent" value="role" />
                          <input type="hidden" name="userId" value={a.userId} />
                          <label htmlFor={`role-${a.userId}`} className="visually-hidden">
                            Role of {a.displayName}
                          </label>
                          <select id={`role-${a.userId}`} name="role" defaultValue={a.role}>
                            {DASHBOARD_ROLES.map((r) => (
                              <option key={r} value={r}>
                                {ROLE_LABELS[r]}
                              </option>
                            ))}
                          </select>
                          <button type="submit" className="db-button db-button--small">
                            Change
                          </button>
                        </Form>
                      )}
                    </td>
                    <td>{!a.active ? "Deactivated" : locked ? `Locked until ${formatDateTime(a.lockedUntil!)}` : "Active"}</td>
                    <td>{a.lastLoginAt ? formatDateTime(a.lastLoginAt) : <span className="db-muted">Never</span>}</td>
                    <td>
                      <div className="db-actions">
                        <Form method="post" className="db-inline-form">
                          <input type="hidden" name="intent" value="reset" />
                          <input type="hidden" name="userId" value={a.userId} />
                          <button
                            type="submit"
                            className="db-button db-button--ghost db-button--small"
                            aria-label={`Reset the password of ${a.displayName}`}
                          >
                            Reset password
                          </button>
                        </Form>
                        {self ? null : (
                          <Form method="post" className="db-inline-form">
                            <input type="hidden" name="intent" value={a.active ? "deactivate" : "reactivate"} />
                            <input type="hidden" name="userId" value={a.userId} />
                            <button
                              type="submit"
                              className="db-button db-button--ghost db-button--small"
                              aria-label={`${a.active ? "Deactivate" : "Reactivate"} ${a.displayName}`}
                            >
                              {a.active ? "Deactivate" : "Reactivate"}
                            </button>
                          </Form>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="db-card" aria-labelledby="new-staff-heading">
        <h2 id="new-staff-heading" className="db-card__title">
          Add a staff member
        </h2>
        <Form method="post" className="db-form">
          <input type="hidden" name="intent" value="create" />
          <div className="db-field">
            <label htmlFor="s-name">Display name</label>
            <input id="s-name" name="displayName" required maxLength={60} />
          </div>
          <div className="db-field">
            <label htmlFor="s-email">Email</label>
            <input id="s-email" name="email" type="email" required maxLength={254} autoComplete="off" />
          </div>
          <div className="db-field">
            <label htmlFor="s-role">Role</label>
            <select id="s-role" name="role" defaultValue="stylist">
              {DASHBOARD_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="db-button" disabled={saving}>
            {saving ? "Creating…" : "Create account"}
          </button>
        </Form>
      </section>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;

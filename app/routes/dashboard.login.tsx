import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { assertSameOrigin } from "../lib/csrf.server";
import { attemptLogin } from "../lib/dashboard/auth.server";
import { safeNext } from "../lib/dashboard/query";
import { staffFromRequest } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [
  { title: "Sign in — Aurora Concierge dashboard" },
  { name: "robots", content: "noindex, nofollow" },
];

/** The action's answer headers (Retry-After on a lock or a throttle) reach the browser. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const out = new Headers({ "Cache-Control": "no-store" });
  const retry = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retry) out.set("Retry-After", retry);
  return out;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await staffFromRequest(request, context)) throw redirect(safeNext(url.searchParams.get("next")));
  return json(null, { headers: { "Cache-Control": "no-store" } });
}

/**
 * Sign-in. Unknown email and wrong password answer with the same text; a locked account (real
 * or not — see DashboardSignInService) is told so and for how long; throttling says when to retry.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const form = await request.formData();
  const email = String(form.get("email") ?? "")
    .trim()
    .slice(0, 254);
  const password = String(form.get("password") ?? "").slice(0, 1024);
  const next = safeNext(form.get("next"));
  const headers = { "Cache-Control": "no-store" };
  if (!email || !password) {
    return json({ error: "Enter your email and password.", email }, { status: 400, headers });
  }
  const outcome = await attemptLogin(context, email, password);
  if (!outcome.ok) {
    const responseHeaders: Record<string, string> = { ...headers };
    if (outcome.retryAfterSeconds) responseHeaders["Retry-After"] = String(outcome.retryAfterSeconds);
    return json({ error: outcome.message, email }, { status: outcome.status, headers: responseHeaders });
  }
  return redirect(next, { headers: { ...headers, "Set-Cookie": outcome.cookie } });
}

export default function Login() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (data?.error) errorRef.current?.focus();
  }, [data]);
  return (
    <div className="db-card db-login">
      <h1>Sign in to the dashboard</h1>
      <p className="db-muted">Tickets, conversations, CSAT and analytics for the concierge.</p>
      {data?.error ? (
        <p className="db-alert db-alert--error" role="alert" id="login-error" tabIndex={-1} ref={errorRef}>
          {data.error}
        </p>
      ) : null}
      <Form method="post" className="db-form" aria-describedby={data?.error ? "login-error" : undefined}>
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <div className="db-field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            maxLength={254}
            defaultValue={data?.email ?? ""}
            autoFocus={!data?.error}
          />
        </div>
        <div className="db-field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={1024} />
        </div>
        <button type="submit" className="db-button db-button--block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p className="db-muted db-login__help">
        New staff accounts are created by an admin with <code>npm run user:create</code>.
      </p>
    </div>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, isRouteErrorResponse, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import dashboardStyles from "../styles/dashboard.css";
import { ROLE_LABELS } from "../lib/dashboard/labels";
import { requireStaff, staffFromRequest } from "../lib/staff-session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardStyles }];

export const meta: MetaFunction = () => [{ title: "Aurora Concierge — Dashboard" }, { name: "robots", content: "noindex, nofollow" }];

/** The dashboard shell: everyone but the login page must be signed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const staff =
    url.pathname.replace(/\/+$/, "") === "/dashboard/login"
      ? await staffFromRequest(request, context)
      : await requireStaff(request, context);
  return json(
    {
      staff: staff ? { displayName: staff.displayName, email: staff.email, role: staff.role } : null,
      storeName: context.runtime.config.storeName,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const headers = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

const NAV = [
  { to: "/dashboard", label: "Analytics", end: true },
  { to: "/dashboard/tickets", label: "Tickets", end: false },
  { to: "/dashboard/conversations", label: "Conversations", end: false },
  { to: "/dashboard/csat", label: "CSAT", end: false },
  { to: "/dashboard/catalog", label: "Catalog", end: false },
  { to: "/dashboard/replies", label: "Saved replies", end: false },
  { to: "/dashboard/staff", label: "Staff", end: false, adminOnly: true },
];

function Brand({ storeName }: { storeName: string }) {
  return (
    <Link to="/dashboard" className="db-brand">
      <span className="db-brand__mark" aria-hidden="true">
        ✦
      </span>
      <span>
        Aurora <span className="db-brand__sub">Concierge · {storeName}</span>
      </span>
    </Link>
  );
}

export default function DashboardLayout() {
  const { staff, storeName } = useLoaderData<typeof loader>();
  const location = useLocation();
  if (!staff || location.pathname.startsWith("/dashboard/login")) {
    return (
      <div className="db db--bare">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="db-bare-header">
          <Brand storeName={storeName} />
        </header>
        <main id="main" tabIndex={-1} className="db-bare-main">
          <Outlet />
        </main>
      </div>
    );
  }
  return (
    <div className="db">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="db-topbar">
        <Brand storeName={storeName} />
        <nav className="db-nav" aria-label="Dashboard">
          <ul>
            {NAV.filter((n) => !("adminOnly" in n) || staff.role === "admin").map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.end} className="db-nav__link" prefetch="intent">
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="db-user">
          <p className="db-user__who">
            <Link to="/dashboard/profile" className="db-user__name" title="Your profile: the name and avatar shoppers see">
              {staff.displayName}
            </Link>
            <span className={`db-role db-role--${staff.role}`}>{ROLE_LABELS[staff.role]}</span>
          </p>
          <Form method="post" action="/dashboard/logout" reloadDocument>
            <button type="submit" className="db-button db-button--ghost db-button--small">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="db-main">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : status === 404
        ? "We couldn't find that page."
        : status === 403
          ? "Your role does not allow this."
          : "Something went wrong. Try again in a moment.";
  return (
    <div className="db db--bare">
      <main id="main" className="db-bare-main">
        <div className="db-card db-login">
          <h1>{status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong"}</h1>
          <p>{message}</p>
          <p>
            <a href="/dashboard" className="db-button">
              Back to the dashboard
            </a>
          </p>
        </div>
      </main>
    </div>
  );
}

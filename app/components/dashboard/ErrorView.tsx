import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** Errors of a dashboard page, shown inside the shell. */
export function DashboardErrorView() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "message" in error.data
      ? String((error.data as { message: unknown }).message)
      : null;
  const title = status === 404 ? "Not found" : status === 403 ? "Not allowed" : "Something went wrong";
  return (
    <div className="db-page">
      <h1 className="db-page__title">{title}</h1>
      <div className="db-card">
        <p>
          {detail ??
            (status === 404 ? "We couldn't find that page." : status === 403 ? "Your role does not allow this." : "Try again in a moment.")}
        </p>
        <p>
          <Link to="/dashboard" className="db-button">
            Back to analytics
          </Link>
        </p>
      </div>
    </div>
  );
}

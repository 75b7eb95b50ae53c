import { json, redirect } from "@remix-run/node";
import { TRPCError } from "@trpc/server";

/** Turns a procedure's TRPCError into the HTTP answer a dashboard page should give. */
export function httpErrorFor(error: unknown, notFoundText = "Not found"): Response | null {
  if (!(error instanceof TRPCError)) return null;
  switch (error.code) {
    case "UNAUTHORIZED":
      return redirect("/dashboard/login");
    case "FORBIDDEN":
      return json({ message: "Your role does not allow this." }, { status: 403 });
    case "NOT_FOUND":
      return json({ message: notFoundText }, { status: 404 });
    case "BAD_REQUEST":
      return json({ message: notFoundText }, { status: 404 });
    default:
      return null;
  }
}

/** For loaders: rethrow known procedure errors as responses (caught by the dashboard error boundary). */
export function rethrowForLoader(error: unknown, notFoundText?: string): never {
  const response = httpErrorFor(error, notFoundText);
  if (response) throw response;
  throw error;
}

/** For actions: a readable message and status for the page to show next to the form. */
export function actionError(error: unknown): { status: number; message: string } | null {
  if (!(error instanceof TRPCError)) return null;
  switch (error.code) {
    case "FORBIDDEN":
      return { status: 403, message: "Your role does not allow this change." };
    case "NOT_FOUND":
      return { status: 404, message: "That ticket no longer exists." };
    case "BAD_REQUEST":
      return { status: 400, message: error.message.replace(/^Invalid input: /, "") || "That change was not valid." };
    case "TOO_MANY_REQUESTS":
      return { status: 429, message: "Too many requests — try again in a moment." };
    default:
      return null;
  }
}

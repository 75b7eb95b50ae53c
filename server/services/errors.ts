/**
 * Domain errors thrown by services. One seam (server/trpc/error-mapping.ts) turns them into
 * tRPC codes; nothing else knows about transport errors.
 */
export type DomainErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "CONFLICT" | "UNAUTHENTICATED" | "FORBIDDEN" | "RATE_LIMITED" | "UNAVAILABLE";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message: string) => new DomainError("NOT_FOUND", message);
export const invalidInput = (message: string, details?: Record<string, unknown>) => new DomainError("INVALID_INPUT", message, details);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const unauthenticated = (message = "Please sign in.") => new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message = "You are not allowed to do that.") => new DomainError("FORBIDDEN", message);
export const unavailable = (message: string) => new DomainError("UNAVAILABLE", message);

import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { type z } from "zod";
import { DomainError, type DomainErrorCode } from "../services/errors";

const DOMAIN_TO_TRPC: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  NOT_FOUND: "NOT_FOUND",
  INVALID_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  UNAUTHENTICATED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

/** The one place where anything thrown by a service becomes a transport error. */
export function toTrpcError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof DomainError) {
    return new TRPCError({ code: DOMAIN_TO_TRPC[error.code], message: error.message, cause: error });
  }
  return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side.", cause: error });
}

export interface InputIssue {
  path: string;
  message: string;
}

/** Readable issues for a zod validation failure ("maxPrice: Too big: expected number to be <=100000"). */
export function describeZodError(error: z.ZodError): { message: string; issues: InputIssue[] } {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "input",
    message: issue.message,
  }));
  return {
    message: `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    issues,
  };
}

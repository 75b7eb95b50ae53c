import { randomUUID } from "node:crypto";

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed incoming `x-request-id`, otherwise makes one. */
export function resolveRequestId(incoming: string | null | undefined): string {
  if (incoming && ACCEPTABLE.test(incoming)) return incoming;
  return `req-${randomUUID()}`;
}

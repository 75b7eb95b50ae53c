/** True for duplicate-key errors from the driver (incl. bulk write errors) and from the embedded engine. */
export function isDuplicateKeyError(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const e = error as { code?: unknown; writeErrors?: unknown; errorResponse?: { code?: unknown } };
  if (e.code === 11000 || e.code === 11001) return true;
  if (e.errorResponse?.code === 11000) return true;
  if (Array.isArray(e.writeErrors)) {
    return e.writeErrors.some((w: { code?: unknown; err?: { code?: unknown } }) => w?.code === 11000 || w?.err?.code === 11000);
  }
  return false;
}

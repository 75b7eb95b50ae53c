import { randomFillSync } from "node:crypto";

/**
 * Unguessable ids (session, conversation, message, turn ids): `bytes` bytes of the CSPRNG as base64url.
 * The bytes come from a pool filled 4 KB at a time, as node's own randomUUID() does, instead of
 * one synchronous entropy call per id; every byte is handed out once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

export function randomId(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 256) throw new RangeError(`randomId: ${bytes} bytes`);
  if (used + bytes > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const id = pool.toString("base64url", used, used + bytes);
  used += bytes;
  return id;
}

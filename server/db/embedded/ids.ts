import { randomBytes } from "node:crypto";

/**
 * ObjectId-like 24-hex string ids: 4 bytes of seconds, 5 random bytes per process, 3-byte counter.
 * Lexicographic order follows creation order within a process, so unsorted reads come back
 * roughly in insertion order (as they do on MongoDB).
 */
const processPart = randomBytes(5).toString("hex");
let counter = randomBytes(3).readUIntBE(0, 3);

export function generateId(): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, "0");
  return `${seconds}${processPart}${counter.toString(16).padStart(6, "0")}`;
}

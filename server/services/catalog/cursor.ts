import { z } from "zod";
import { SORTS, type ProductSort } from "../../domain/catalog";
import type { ProductPosition } from "../../db/repositories/products";
import { invalidInput } from "../errors";

const cursorSchema = z.strictObject({
  s: z.enum(SORTS),
  v: z.union([z.number().finite(), z.iso.datetime()]),
  id: z.string().min(1).max(100),
});

/** Opaque keyset cursor: the sort it belongs to and the last item's sort value and id. */
export function encodeCursor(sort: ProductSort, position: ProductPosition): string {
  const v = position.value instanceof Date ? position.value.toISOString() : position.value;
  return Buffer.from(JSON.stringify({ s: sort, v, id: position.id }), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, sort: ProductSort): ProductPosition {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidInput("cursor: not a cursor returned by this search");
  }
  if (parsed.s !== sort) throw invalidInput("cursor: belongs to a different sort order");
  return { value: typeof parsed.v === "string" ? new Date(parsed.v) : parsed.v, id: parsed.id };
}

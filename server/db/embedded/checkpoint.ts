/**
 * Checkpoints: `<name>.db.ckpt` holds a collection's in-memory bookkeeping — where every live
 * document's line is (slot, _id, offset, length), the equality maps, the unique keys and the TTL
 * expiry times — as of a point `covered` in the data file. Opening the collection restores it and
 * reads only the data file's lines after `covered`, instead of parsing every document: start-up
 * costs O(documents) small entries rather than O(bytes stored).
 *
 * A checkpoint is only trusted when its data file generation (the header line of the data file,
 * renewed by every compaction), its index layout and its size bound all match; otherwise the
 * collection is rebuilt from the data file alone, which is always correct. It is written to a temp
 * file, fsynced and renamed into place, and only after the bytes it covers are durable.
 */
import { isAscii } from "node:buffer";
import { promises as fs } from "node:fs";
import type { FieldMapDump } from "./equality-index";
import { FILE_MODE } from "./file-io";

export const CHECKPOINT_FORMAT = 3;

export interface CheckpointHeader {
  format: number;
  generation: string;
  covered: number;
  layout: string;
  count: number;
  capacity: number;
}

export interface CheckpointData {
  header: CheckpointHeader;
  table: TableColumns;
  equality: Record<string, FieldMapDump>;
  unique: Record<string, unknown[]>;
  /** Flat [slot, expiresAtMs, …]. */
  ttl: number[];
}

/** The document table, column-wise: slot, _id, byte offset and length of each live document. */
export interface TableColumns {
  slots: number[];
  ids: string[];
  offsets: number[];
  lengths: number[];
}

const CHUNK = 4096;
const TABLE_CHUNK = 16384;

/** Numbers as base64 of their little-endian binary form: far cheaper to read back than JSON numbers. */
function packInts(values: readonly number[]): string {
  const buf = Buffer.allocUnsafe(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeInt32LE(values[i] as number, i * 4);
  return buf.toString("base64");
}

function packDoubles(values: readonly number[]): string {
  const buf = Buffer.allocUnsafe(values.length * 8);
  for (let i = 0; i < values.length; i++) buf.writeDoubleLE(values[i] as number, i * 8);
  return buf.toString("base64");
}

function unpackInts(b64: string): Int32Array {
  const buf = Buffer.from(b64, "base64");
  const out = new Int32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readInt32LE(i * 4);
  return out;
}

function unpackDoubles(b64: string): Float64Array {
  const buf = Buffer.from(b64, "base64");
  const out = new Float64Array(buf.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = buf.readDoubleLE(i * 8);
  return out;
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Serializes a checkpoint into lines, yielding to the event loop between chunks. */
export async function encodeCheckpoint(data: CheckpointData): Promise<string[]> {
  const lines: string[] = [JSON.stringify({ header: data.header })];
  let n = 0;
  const pause = async () => {
    if (++n % 16 === 0) await yieldToEventLoop();
  };
  const t = data.table;
  for (let i = 0; i < t.ids.length; i += TABLE_CHUNK) {
    const end = Math.min(i + TABLE_CHUNK, t.ids.length);
    lines.push(
      JSON.stringify({
        t: {
          slots: packInts(t.slots.slice(i, end)),
          offsets: packDoubles(t.offsets.slice(i, end)),
          lengths: packInts(t.lengths.slice(i, end)),
          ids: t.ids.slice(i, end),
        },
      }),
    );
    await pause();
  }
  for (const [field, dump] of Object.entries(data.equality)) {
    for (const part of chunks(dump.values, CHUNK)) {
      lines.push(JSON.stringify({ e: field, v: part }));
      await pause();
    }
    for (const part of chunks(dump.dates, CHUNK)) {
      lines.push(JSON.stringify({ e: field, d: part }));
      await pause();
    }
    for (const part of chunks(dump.loose, CHUNK * 4)) {
      lines.push(JSON.stringify({ e: field, l: part }));
      await pause();
    }
  }
  for (const [name, entries] of Object.entries(data.unique)) {
    for (const part of chunks(entries, CHUNK)) {
      lines.push(JSON.stringify({ u: name, k: part }));
      await pause();
    }
  }
  for (const part of chunks(data.ttl, CHUNK * 2)) {
    lines.push(JSON.stringify({ x: part }));
    await pause();
  }
  lines.push(JSON.stringify({ end: lines.length }));
  return lines;
}

/** Writes a checkpoint atomically (temp file, fsync, rename). */
export async function writeCheckpoint(file: string, lines: readonly string[]): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await fs.open(tmp, "w", FILE_MODE);
  try {
    let batch: string[] = [];
    let bytes = 0;
    for (const line of lines) {
      batch.push(line);
      bytes += line.length;
      if (bytes > 1 << 22) {
        await handle.write(`${batch.join("\n")}\n`);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length > 0) await handle.write(`${batch.join("\n")}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await fs.rename(tmp, file);
}

/** Receives a checkpoint's parts while it is read (no intermediate copies). */
export interface CheckpointVisitor {
  /** Return false to stop (the checkpoint does not fit). */
  header(header: CheckpointHeader): boolean;
  table(slots: Int32Array, ids: string[], offsets: Float64Array, lengths: Int32Array): void;
  equality(field: string, part: Partial<FieldMapDump>): void;
  unique(name: string, dump: unknown[]): void;
  /** Flat [slot, expiresAtMs, …]. */
  ttl(entries: number[]): void;
}

/**
 * Reads a checkpoint into `visitor`; returns false when it is missing, does not fit, or turns out
 * incomplete or unreadable part-way (then the caller must discard what it received and rebuild).
 */
export async function readCheckpoint(file: string, visitor: CheckpointVisitor): Promise<boolean> {
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(file);
  } catch {
    return false;
  }
  try {
    // Pure ASCII (the usual case) decodes faster as latin1, with the same result.
    const encoding = isAscii(buffer) ? "latin1" : "utf8";
    let start = 0;
    let lineNo = 0;
    while (start < buffer.length) {
      const end = buffer.indexOf(0x0a, start);
      if (end === -1) return false; // torn
      const record = JSON.parse(buffer.toString(encoding, start, end)) as Record<string, unknown>;
      start = end + 1;
      if (lineNo++ === 0) {
        const header = record.header as CheckpointHeader | undefined;
        if (!header || header.format !== CHECKPOINT_FORMAT || !visitor.header(header)) return false;
        continue;
      }
      if (record.t) {
        const t = record.t as { slots: string; ids: string[]; offsets: string; lengths: string };
        const slots = unpackInts(t.slots);
        const offsets = unpackDoubles(t.offsets);
        const lengths = unpackInts(t.lengths);
        if (slots.length !== t.ids.length || offsets.length !== t.ids.length || lengths.length !== t.ids.length) return false;
        visitor.table(slots, t.ids, offsets, lengths);
      } else if (typeof record.e === "string") {
        visitor.equality(record.e, {
          values: record.v as FieldMapDump["values"] | undefined,
          dates: record.d as FieldMapDump["dates"] | undefined,
          loose: record.l as number[] | undefined,
        } as Partial<FieldMapDump>);
      } else if (typeof record.u === "string") visitor.unique(record.u, record.k as unknown[]);
      else if (record.x) visitor.ttl(record.x as number[]);
      else if (record.end !== undefined) return record.end === lineNo - 1 && start === buffer.length;
    }
    return false;
  } catch {
    return false;
  }
}

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
import { promises as fs } from "node:fs";
import type { FieldMapDump } from "./equality-index";
import { FILE_MODE } from "./file-io";
import type { EncodedPart } from "./key-tree";

export const CHECKPOINT_FORMAT = 1;

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
  /** Flat [slot, id, offset, length, …]. */
  table: Array<number | string>;
  equality: Record<string, FieldMapDump>;
  unique: Record<string, Array<Array<EncodedPart | number>>>;
  /** Flat [slot, expiresAtMs, …]. */
  ttl: number[];
}

const CHUNK = 4096;

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
  for (const part of chunks(data.table, CHUNK * 4)) {
    lines.push(JSON.stringify({ t: part }));
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
  /** Flat [slot, id, offset, length, …]. */
  table(entries: Array<number | string>): void;
  equality(field: string, part: Partial<FieldMapDump>): void;
  unique(name: string, entries: Array<Array<EncodedPart | number>>): void;
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
    let start = 0;
    let lineNo = 0;
    while (start < buffer.length) {
      const end = buffer.indexOf(0x0a, start);
      if (end === -1) return false; // torn
      const record = JSON.parse(buffer.toString("utf8", start, end)) as Record<string, unknown>;
      start = end + 1;
      if (lineNo++ === 0) {
        const header = record.header as CheckpointHeader | undefined;
        if (!header || header.format !== CHECKPOINT_FORMAT || !visitor.header(header)) return false;
        continue;
      }
      if (record.t) visitor.table(record.t as Array<number | string>);
      else if (typeof record.e === "string") {
        visitor.equality(record.e, {
          values: record.v as FieldMapDump["values"] | undefined,
          dates: record.d as FieldMapDump["dates"] | undefined,
          loose: record.l as number[] | undefined,
        } as Partial<FieldMapDump>);
      } else if (typeof record.u === "string") visitor.unique(record.u, record.k as Array<Array<EncodedPart | number>>);
      else if (record.x) visitor.ttl(record.x as number[]);
      else if (record.end !== undefined) return record.end === lineNo - 1 && start === buffer.length;
    }
    return false;
  } catch {
    return false;
  }
}

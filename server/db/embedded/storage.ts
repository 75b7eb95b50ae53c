/**
 * One collection's storage: the append-only data file `<dir>/<name>.db` (see codec.ts), the
 * in-memory bookkeeping (DocTable: where each live document's line is; equality maps; unique keys;
 * TTL expiry times), a bounded cache of parsed documents, and the serial queue every operation on
 * the collection runs through.
 *
 * Writes: an operation applies its change in memory and queues its lines on the AppendLog inside
 * the queue, then leaves the queue and waits — with whatever other operations queued meanwhile —
 * for the one write+fdatasync that covers its lines (group commit). Reads wait the same way for
 * every write they could have observed, so no caller ever sees data that is not yet durable.
 * After a failed write the collection reloads from the file before its next operation.
 *
 * Files stay proportional to live data: when dead lines (older versions, deletions) outweigh live
 * ones (by `compactionRatio`), a background compaction copies the live lines to a temp file,
 * appends what was written meanwhile, fsyncs and renames it over the data file (crash-safe: until
 * the rename the old file is complete; after it the new one is). Checkpoints (checkpoint.ts) make
 * start-up read only what was written since the last one.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppendLog } from "./append-log";
import { CHECKPOINT_FORMAT, encodeCheckpoint, readCheckpoint, writeCheckpoint, type CheckpointData, type TableColumns } from "./checkpoint";
import { decodeDoc, decodeLine, encodeDeleted, encodeDoc, headerLine, newGeneration } from "./codec";
import { DocTable } from "./doc-table";
import { EqualityIndex } from "./equality-index";
import { closedError, duplicateKeyError, EmbeddedStoreError, storageError, unavailableError } from "./errors";
import { FILE_MODE, type DataFileHandle, type FileIo } from "./file-io";
import type { IndexCatalog, IndexSpec } from "./index-catalog";
import type { CompiledFilter } from "./query-plan";
import { SerialQueue } from "./queue";
import { UniqueIndex } from "./unique-index";
import { collectPathValues, type Doc } from "./values";

export interface StorageTuning {
  /** Parsed documents kept per collection, in bytes of their stored form. */
  cacheBytes: number;
  /** Compact when the file is larger than this many times its live data… */
  compactionRatio: number;
  /** …and holds at least this many dead bytes. */
  compactionMinDeadBytes: number;
  /** Write a checkpoint when this many bytes were appended since the last one (and ≥ a third of the file). */
  checkpointMinBytes: number;
}

export interface StoreContext {
  readonly dir: string;
  readonly dbName: string;
  readonly catalog: IndexCatalog;
  readonly io: FileIo;
  readonly tuning: StorageTuning;
  isClosed(): boolean;
  onBackgroundError(error: unknown): void;
}

export interface StorageStats {
  documents: number;
  liveBytes: number;
  fileBytes: number;
  cache: { documents: number; bytes: number; limitBytes: number };
  writeBatches: number;
  recordsAppended: number;
  compactions: number;
  checkpoints: number;
  /** How the last load went: from a checkpoint plus a tail, or by reading the whole file. */
  lastLoad: { fromCheckpoint: boolean; scannedBytes: number; ms: number } | null;
}

/** A SIGKILL can leave a partially appended last line; acknowledged lines always end with "\n". */
async function repairTornTail(file: string): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return;
    // Search backwards for the last newline in growing windows.
    let keep = 0;
    for (let window = 1 << 16; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      await handle.read(buf, 0, buf.length, start);
      const nl = buf.lastIndexOf(0x0a);
      if (nl !== -1) {
        keep = start + nl + 1;
        break;
      }
      if (start === 0) break;
    }
    await handle.truncate(keep);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms cannot fsync directories; renames are still atomic.
  }
}

/** One line found while scanning the data file. */
interface ScannedOp {
  kind: "doc" | "deleted";
  id: string;
  offset: number;
  length: number;
}

const DOC_PREFIX = Buffer.from('{"_id":"');
const DELETED_PREFIX = Buffer.from('{"$$deleted":true,"_id":"');

/**
 * The `_id` right after `prefix` in `data[start..end)` when it needs no unescaping, else undefined
 * (then the line is parsed). Decoded straight from the bytes: a substring of a line string would
 * keep the whole line alive in memory.
 */
function quickId(data: Buffer, start: number, end: number, prefix: Buffer): string | undefined {
  if (end - start <= prefix.length || data.compare(prefix, 0, prefix.length, start, start + prefix.length) !== 0) return undefined;
  const from = start + prefix.length;
  const quote = data.indexOf(0x22, from);
  if (quote === -1 || quote >= end) return undefined;
  const backslash = data.indexOf(0x5c, from);
  if (backslash !== -1 && backslash < quote) return undefined;
  return data.toString("utf8", from, quote);
}

/** The live state of a loaded collection. */
interface Loaded {
  handle: DataFileHandle;
  log: AppendLog;
  table: DocTable;
  equality: EqualityIndex;
  uniques: UniqueIndex[];
  ttlSpecs: IndexSpec[];
  expiry: Float64Array;
  minExpiry: number;
  generation: string;
  /** The data file has a header line (false for files written by nedb). */
  hasHeader: boolean;
  /** Bytes of the data file up to which the checkpoint on disk is valid (0: none). */
  checkpointCovered: number;
  checkpointLayout: string;
}

const READ_BUFFER = Buffer.allocUnsafe(1 << 16);
/** Candidate sets up to this size are read as they are (and cached); larger ones try an ordered walk or a range. */
const SMALL_CANDIDATES = 64;
const SCAN_CHUNK = 1 << 22;

export class CollectionStorage {
  readonly queue = new SerialQueue();
  readonly file: string;
  readonly checkpointFile: string;
  readonly namespace: string;
  private state: Loaded | null = null;
  private failed = false;
  private compacting: Promise<void> | null = null;
  private checkpointing: Promise<void> | null = null;
  private counters = { compactions: 0, checkpoints: 0 };
  private lastLoad: StorageStats["lastLoad"] = null;

  constructor(
    private readonly ctx: StoreContext,
    readonly name: string,
  ) {
    this.file = path.join(ctx.dir, `${name}.db`);
    this.checkpointFile = `${this.file}.ckpt`;
    this.namespace = `${ctx.dbName}.${name}`;
  }

  /**
   * Runs `task` exclusively on this collection (after loading it), then — outside the queue — waits
   * until every write the task made or could have seen is durable.
   */
  async run<T>(operation: string, task: () => Promise<T> | T): Promise<T> {
    if (this.ctx.isClosed()) throw closedError(`${operation} on '${this.name}'`);
    const { value, log, upTo } = await this.queue.run(async () => {
      if (this.failed) await this.unload();
      const state = await this.ensureLoaded();
      state.table.settle(state.log.readableEnd);
      const value = await task();
      return { value, log: state.log, upTo: state.log.size };
    });
    await log.durable(upTo);
    this.maybeMaintain();
    return value;
  }

  get loaded(): boolean {
    return this.state !== null;
  }

  private get s(): Loaded {
    if (!this.state) throw new EmbeddedStoreError("IO_ERROR", `Collection '${this.name}' is not loaded`);
    return this.state;
  }

  specs(): IndexSpec[] {
    return this.ctx.catalog.get(this.name);
  }

  // ---------------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------------

  private layoutOf(equality: EqualityIndex, uniques: UniqueIndex[], ttlSpecs: IndexSpec[]): string {
    return JSON.stringify({
      eq: equality.fields,
      unique: uniques.map((u) => [u.spec.name, u.spec.key, !!u.spec.sparse, u.spec.partialFilterExpression ?? null]),
      ttl: ttlSpecs.map((s) => [s.name, s.key, s.expireAfterSeconds]),
    });
  }

  private indexStructures(): { equality: EqualityIndex; uniques: UniqueIndex[]; ttlSpecs: IndexSpec[] } {
    const specs = this.specs();
    const fields = [
      ...new Set(
        specs.map((s) => Object.keys(s.key)[0]).filter((f): f is string => !!f && f !== "_id" && !f.includes(".") && !f.startsWith("$")),
      ),
    ];
    return {
      equality: new EqualityIndex(fields),
      uniques: specs.filter((s) => s.unique).map((s) => new UniqueIndex(s, this.namespace)),
      ttlSpecs: specs.filter((s) => s.expireAfterSeconds !== undefined),
    };
  }

  private async ensureLoaded(): Promise<Loaded> {
    if (this.state) return this.state;
    const started = performance.now();
    let handle: DataFileHandle;
    try {
      await fs.mkdir(this.ctx.dir, { recursive: true });
      for (const leftover of [`${this.file}.compact`, `${this.checkpointFile}.tmp`]) await fs.rm(leftover, { force: true });
      await repairTornTail(this.file);
      handle = await this.ctx.io.openDataFile(this.file);
    } catch (error) {
      throw storageError("open", this.file, error);
    }
    try {
      const state = await this.load(handle);
      this.state = state;
      this.failed = false;
      this.lastLoad = { ...this.lastLoad!, ms: performance.now() - started };
      return state;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  private async load(handle: DataFileHandle): Promise<Loaded> {
    const size = handle.size();
    const structures = this.indexStructures();
    const layout = this.layoutOf(structures.equality, structures.uniques, structures.ttlSpecs);

    // The header (first line) names the file's generation; files written by nedb have none.
    let generation: string | null = null;
    let headerBytes = 0;
    if (size > 0) {
      const probe = Buffer.alloc(Math.min(size, 256));
      handle.readSync(probe, 0, probe.length, 0);
      const nl = probe.indexOf(0x0a);
      if (nl !== -1) {
        try {
          const first = decodeLine(probe.toString("utf8", 0, nl));
          if (first.kind === "header") {
            generation = first.generation;
            headerBytes = nl + 1;
          }
        } catch {
          // not a header; the scan reports real corruption
        }
      }
    }

    let covered = 0;
    let table = new DocTable(this.ctx.tuning.cacheBytes);
    let { equality, uniques, ttlSpecs } = structures;
    let expiry = new Float64Array(0);
    if (generation) {
      let ttl: number[] = [];
      const restored = await readCheckpoint(this.checkpointFile, {
        header: (h) => {
          if (h.generation !== generation || h.layout !== layout || h.covered > size) return false;
          covered = h.covered;
          table.reserve(h.capacity);
          return true;
        },
        table: (slots, ids, offsets, lengths) => {
          for (let i = 0; i < ids.length; i++)
            table.restore(slots[i] as number, ids[i] as string, offsets[i] as number, lengths[i] as number);
        },
        equality: (field, part) => equality.restore(field, part),
        unique: (name, entries) => uniques.find((u) => u.spec.name === name)?.restore(entries),
        ttl: (entries) => {
          ttl = ttl.length === 0 ? entries : ttl.concat(entries);
        },
      });
      if (restored) {
        table.finishRestore();
        expiry = new Float64Array(Math.max(table.capacity, 1)).fill(Number.NaN);
        for (let i = 0; i < ttl.length; i += 2) expiry[ttl[i] as number] = ttl[i + 1] as number;
      } else {
        // Missing, stale or unreadable: start over from the data file alone.
        covered = 0;
        table = new DocTable(this.ctx.tuning.cacheBytes);
        ({ equality, uniques, ttlSpecs } = this.indexStructures());
      }
    }
    const fromCheckpoint = covered > 0;
    if (!fromCheckpoint) covered = headerBytes;

    // Lines after `covered`: apply them to the table; documents whose indexed version changed are
    // re-indexed from their final version afterwards.
    const ops = this.scanLines(handle, covered, size);
    const touched = new Set<number>();
    const detach = (slot: number) => {
      if (touched.has(slot)) return;
      touched.add(slot);
      // This slot's index entries came from the checkpoint: remove them using its previous version.
      if (fromCheckpoint) {
        const before = this.readAt(handle, table, slot);
        equality.remove(slot, before);
        for (const u of uniques) u.remove(slot, before);
      }
    };
    for (const op of ops) {
      const slot = table.slot(op.id);
      if (op.kind === "deleted") {
        if (slot === undefined) continue;
        detach(slot);
        table.delete(slot);
        continue;
      }
      if (slot === undefined) touched.add(table.add(op.id, op.offset, op.length));
      else {
        detach(slot);
        table.move(slot, op.offset, op.length);
      }
    }
    if (expiry.length < table.capacity) {
      const grown = new Float64Array(Math.max(table.capacity, 1)).fill(Number.NaN);
      grown.set(expiry);
      expiry = grown;
    }
    for (const slot of touched) {
      if (!table.isLive(slot)) {
        expiry[slot] = Number.NaN;
        continue;
      }
      const doc = this.readAt(handle, table, slot);
      equality.add(slot, doc);
      for (const u of uniques) u.addChecked(slot, doc);
      expiry[slot] = this.expiryOf(ttlSpecs, doc);
      if (table.fitsInCache) table.remember(slot, doc);
    }
    let minExpiry = Number.POSITIVE_INFINITY;
    for (let i = 0; i < expiry.length; i++) if ((expiry[i] as number) < minExpiry) minExpiry = expiry[i] as number;

    this.lastLoad = { fromCheckpoint, scannedBytes: size - covered, ms: 0 };
    const state: Loaded = {
      handle,
      log: new AppendLog(handle, this.file, size, () => {
        this.failed = true;
      }),
      table,
      equality,
      uniques,
      ttlSpecs,
      expiry,
      minExpiry,
      generation: generation ?? newGeneration(),
      hasHeader: generation !== null,
      checkpointCovered: fromCheckpoint && ops.length === 0 ? size : 0,
      checkpointLayout: layout,
    };
    if (fromCheckpoint && ops.length > 0) state.checkpointCovered = covered;
    return state;
  }

  /** Reads the lines in [from, to): document and deletion records in file order. */
  private scanLines(handle: DataFileHandle, from: number, to: number): ScannedOp[] {
    const ops: ScannedOp[] = [];
    let position = from;
    let carry = Buffer.alloc(0);
    let lineNo = 0;
    const corrupt: string[] = [];
    while (position < to) {
      const want = Math.min(SCAN_CHUNK, to - position);
      const chunk = Buffer.allocUnsafe(want);
      let got = 0;
      try {
        while (got < want) {
          const n = handle.readSync(chunk, got, want - got, position + got);
          if (n === 0) break;
          got += n;
        }
      } catch (error) {
        throw storageError("read", this.file, error);
      }
      if (got === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, got)]) : chunk.subarray(0, got);
      const base = position - carry.length;
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        lineNo++;
        const offset = base + start;
        const length = nl + 1 - start;
        if (length > 1) {
          const docId = quickId(data, start, nl, DOC_PREFIX);
          if (docId !== undefined) ops.push({ kind: "doc", id: docId, offset, length });
          else {
            const deletedId = quickId(data, start, nl, DELETED_PREFIX);
            if (deletedId !== undefined) ops.push({ kind: "deleted", id: deletedId, offset, length });
            else {
              try {
                const record = decodeLine(data.toString("utf8", start, nl));
                // (ids from JSON.parse are fresh strings, not slices of the line)
                if (record.kind === "doc") ops.push({ kind: "doc", id: record.doc._id as string, offset, length });
                else if (record.kind === "deleted") ops.push({ kind: "deleted", id: record.id, offset, length });
              } catch {
                corrupt.push(`line ${lineNo} at byte ${offset}`);
              }
            }
          }
        }
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
      position += got;
    }
    if (corrupt.length > 0) {
      throw new EmbeddedStoreError(
        "CORRUPT_DATA",
        `Data file ${this.file} is corrupt (${corrupt.length} unreadable records: ${corrupt.slice(0, 3).join(", ")}${corrupt.length > 3 ? ", …" : ""}); refusing to open it to prevent data loss`,
      );
    }
    return ops;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads
  // ---------------------------------------------------------------------------------------------

  /** Reads and parses the current line of `slot` (no cache). */
  private readAt(handle: DataFileHandle, table: DocTable, slot: number): Doc {
    const offset = table.offset(slot);
    const length = table.length(slot);
    const buffer = length <= READ_BUFFER.length ? READ_BUFFER : Buffer.allocUnsafe(length);
    let got = 0;
    try {
      while (got < length) {
        const n = handle.readSync(buffer, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
    } catch (error) {
      throw storageError("read", this.file, error);
    }
    let doc: Doc | undefined;
    try {
      if (got === length) doc = decodeDoc(buffer.toString("utf8", 0, length - 1));
    } catch {
      doc = undefined;
    }
    if (!doc || doc._id !== table.id(slot)) {
      throw new EmbeddedStoreError("CORRUPT_DATA", `Data file ${this.file} does not hold document ${table.id(slot)} at byte ${offset}`);
    }
    return doc;
  }

  /** The stored document in `slot` (shared: callers must not mutate it). */
  private doc(slot: number, cache: boolean): Doc {
    const s = this.s;
    const cached = s.table.cached(slot);
    if (cached !== undefined) return cached;
    const pending = s.table.pendingDoc(slot);
    if (pending !== undefined) return pending;
    const doc = this.readAt(s.handle, s.table, slot);
    if (cache || s.table.fitsInCache) s.table.remember(slot, doc);
    return doc;
  }

  /** Keeps a just-written document at hand: cached, and pending until its line is readable. */
  private written(slot: number, offset: number, doc: Doc): void {
    const s = this.s;
    s.table.remember(slot, doc);
    if (offset >= s.log.readableEnd) s.table.pend(slot, offset, doc);
  }

  count(): number {
    return this.s.table.count;
  }

  /**
   * Stored documents matching `filter`, in `_id` order (shared: callers must not mutate them).
   * Equality conditions on `_id` or on an index's leading field, or a range on a leading field,
   * narrow the candidates first. `stopAfter`: only the first n matches (in `_id` order) are needed.
   * `order`: the caller sorts by `field` first and needs only `need` documents — when the field's
   * map can list documents in that order, the walk stops once enough are found, and the result is
   * a subset (not in `_id` order) that still holds the first `need` in that sort.
   */
  select(
    filter: CompiledFilter,
    options: { stopAfter?: number; order?: { field: string; descending: boolean; need: number } } = {},
  ): Doc[] {
    const s = this.s;
    const stopAfter = options.stopAfter ?? 0;
    let candidates: Set<number> | null = null;
    for (const { field, values } of filter.equalities) {
      if (field !== "_id") continue;
      const slots = new Set<number>();
      for (const v of values) {
        const slot = typeof v === "string" ? s.table.slot(v) : undefined;
        if (slot !== undefined) slots.add(slot);
      }
      if (!candidates || slots.size < candidates.size) candidates = slots;
    }
    if (!candidates || candidates.size > 1) {
      const fromIndex = s.equality.candidates(filter.equalities);
      if (fromIndex && (!candidates || fromIndex.size < candidates.size)) candidates = fromIndex;
    }
    const out: Doc[] = [];
    if (!candidates || candidates.size > SMALL_CANDIDATES) {
      const order = options.order;
      if (order && order.need > 0) {
        const range = filter.ranges.find((r) => r.field === order.field);
        const walk = s.equality.orderedWalk(order.field, order.descending, range, s.table.count);
        if (walk) {
          for (const group of walk) {
            for (const slot of group) {
              const doc = this.doc(slot, false);
              if (filter.test(doc)) out.push(doc);
            }
            if (out.length >= order.need) break;
          }
          return out;
        }
      }
      for (const range of filter.ranges) {
        if (candidates && candidates.size <= SMALL_CANDIDATES) break;
        const fromRange = s.equality.rangeCandidates(range);
        if (fromRange && (!candidates || fromRange.size < candidates.size)) candidates = fromRange;
      }
    }
    if (candidates) {
      const slots = candidates.size === 1 ? [...candidates] : s.table.sortById([...candidates]);
      const cache = slots.length <= SMALL_CANDIDATES;
      for (const slot of slots) {
        const doc = this.doc(slot, cache);
        if (filter.test(doc) && out.push(doc) === stopAfter) break;
      }
      return out;
    }
    if (s.table.fitsInCache) {
      for (const slot of s.table.slotsById()) {
        const doc = this.doc(slot, true);
        if (filter.test(doc) && out.push(doc) === stopAfter) break;
      }
      return out;
    }
    // A large collection without a usable index: read every document once (in slot order, which is
    // close to file order), keep the matches, and put those in _id order.
    const matched: Array<{ id: string; doc: Doc }> = [];
    for (let slot = 0; slot < s.table.capacity; slot++) {
      if (!s.table.isLive(slot)) continue;
      const doc = this.doc(slot, false);
      if (filter.test(doc)) matched.push({ id: s.table.id(slot), doc });
    }
    matched.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const m of matched) if (out.push(m.doc) === stopAfter) break;
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes (inside the queue; durable when run() resolves)
  // ---------------------------------------------------------------------------------------------

  private appendLine(line: string): { offset: number; length: number } {
    const s = this.s;
    if (s.log.size === 0) {
      s.log.append(Buffer.from(headerLine(s.generation)));
      s.hasHeader = true;
    }
    const bytes = Buffer.from(line);
    return { offset: s.log.append(bytes), length: bytes.length };
  }

  private expiryOf(ttlSpecs: IndexSpec[], doc: Doc): number {
    let earliest = Number.NaN;
    for (const spec of ttlSpecs) {
      const field = Object.keys(spec.key)[0] as string;
      for (const v of collectPathValues(doc, field)) {
        for (const item of Array.isArray(v) ? v : [v]) {
          if (!(item instanceof Date)) continue;
          const at = item.getTime() + (spec.expireAfterSeconds as number) * 1000;
          if (!(at >= earliest)) earliest = Number.isNaN(earliest) ? at : Math.min(earliest, at);
        }
      }
    }
    return earliest;
  }

  private setExpiry(slot: number, doc: Doc | null): void {
    const s = this.s;
    if (s.ttlSpecs.length === 0) return;
    if (slot >= s.expiry.length) {
      const grown = new Float64Array(Math.max(s.table.capacity, slot + 1, s.expiry.length * 2)).fill(Number.NaN);
      grown.set(s.expiry);
      s.expiry = grown;
    }
    const at = doc ? this.expiryOf(s.ttlSpecs, doc) : Number.NaN;
    s.expiry[slot] = at;
    if (at < s.minExpiry) s.minExpiry = at;
  }

  private assertIdsFree(docs: Doc[], replacing: ReadonlySet<number>): void {
    const s = this.s;
    const batch = new Set<string>();
    for (const doc of docs) {
      const id = doc._id as string;
      const owner = s.table.slot(id);
      if ((owner !== undefined && !replacing.has(owner)) || batch.has(id)) {
        throw duplicateKeyError(this.namespace, "_id_", { _id: 1 }, { _id: id });
      }
      batch.add(id);
    }
  }

  insert(docs: Doc[]): void {
    if (docs.length === 0) return;
    const s = this.s;
    this.assertIdsFree(docs, new Set());
    for (const index of s.uniques) index.check(docs, new Set());
    const lines = docs.map((d) => encodeDoc(d));
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] as Doc;
      const { offset, length } = this.appendLine(lines[i] as string);
      const slot = s.table.add(doc._id as string, offset, length);
      s.equality.add(slot, doc);
      for (const index of s.uniques) index.add(slot, doc);
      this.setExpiry(slot, doc);
      this.written(slot, offset, doc);
    }
  }

  replace(changes: { before: Doc; after: Doc }[]): void {
    if (changes.length === 0) return;
    const s = this.s;
    const slots = changes.map(({ before }) => {
      const slot = s.table.slot(before._id as string);
      if (slot === undefined) throw new EmbeddedStoreError("IO_ERROR", `document ${String(before._id)} vanished during update`);
      return slot;
    });
    const removed = new Set(slots);
    for (const index of s.uniques)
      index.check(
        changes.map((c) => c.after),
        removed,
      );
    const lines = changes.map((c) => encodeDoc(c.after));
    changes.forEach(({ before, after }, i) => {
      const slot = slots[i] as number;
      s.equality.remove(slot, before);
      for (const index of s.uniques) index.remove(slot, before);
      const { offset, length } = this.appendLine(lines[i] as string);
      s.table.move(slot, offset, length);
      s.equality.add(slot, after);
      for (const index of s.uniques) index.add(slot, after);
      this.setExpiry(slot, after);
      this.written(slot, offset, after);
    });
  }

  remove(docs: Doc[]): void {
    if (docs.length === 0) return;
    const s = this.s;
    for (const doc of docs) {
      const slot = s.table.slot(doc._id as string);
      if (slot === undefined) continue;
      this.appendLine(encodeDeleted(doc._id as string));
      s.equality.remove(slot, doc);
      for (const index of s.uniques) index.remove(slot, doc);
      this.setExpiry(slot, null);
      s.table.delete(slot);
    }
  }

  /** Removes documents whose TTL has passed; returns how many. */
  sweepExpired(now: number): number {
    const s = this.s;
    if (s.ttlSpecs.length === 0 || !(s.minExpiry <= now)) return 0;
    const expired: Doc[] = [];
    let nextMin = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < s.expiry.length; slot++) {
      const at = s.expiry[slot] as number;
      if (!(at <= now)) {
        if (at < nextMin) nextMin = at;
        continue;
      }
      if (s.table.isLive(slot)) expired.push(this.doc(slot, false));
      else s.expiry[slot] = Number.NaN;
    }
    this.remove(expired);
    s.minExpiry = nextMin;
    return expired.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Indexes
  // ---------------------------------------------------------------------------------------------

  /** Every stored document in `_id` order (shared). */
  all(): Doc[] {
    return this.select({ filter: {}, test: () => true, equalities: [], ranges: [] });
  }

  /** Adds an index definition; a unique one is validated against existing data first (E11000). */
  async addIndex(spec: IndexSpec): Promise<void> {
    if (spec.unique) {
      const probe = new UniqueIndex(spec, this.namespace);
      const s = this.s;
      for (let slot = 0; slot < s.table.capacity; slot++) if (s.table.isLive(slot)) probe.addChecked(slot, this.doc(slot, false));
    }
    await this.ctx.catalog.set(this.name, [...this.specs(), spec]);
    this.reindex();
  }

  async removeIndexes(names: Set<string>): Promise<void> {
    await this.ctx.catalog.set(
      this.name,
      this.specs().filter((s) => !names.has(s.name)),
    );
    this.reindex();
  }

  /** Rebuilds the index structures for the current specs from the documents. */
  private reindex(): void {
    const s = this.s;
    const { equality, uniques, ttlSpecs } = this.indexStructures();
    const expiry = new Float64Array(Math.max(s.table.capacity, 1)).fill(Number.NaN);
    let minExpiry = Number.POSITIVE_INFINITY;
    for (let slot = 0; slot < s.table.capacity; slot++) {
      if (!s.table.isLive(slot)) continue;
      const doc = this.doc(slot, false);
      equality.add(slot, doc);
      for (const u of uniques) u.addChecked(slot, doc);
      const at = this.expiryOf(ttlSpecs, doc);
      expiry[slot] = at;
      if (at < minExpiry) minExpiry = at;
    }
    Object.assign(s, { equality, uniques, ttlSpecs, expiry, minExpiry });
  }

  // ---------------------------------------------------------------------------------------------
  // Lifecycle
  // ---------------------------------------------------------------------------------------------

  /** Closes the file and forgets the in-memory state (the next operation reloads from disk). */
  private async unload(): Promise<void> {
    const state = this.state;
    this.state = null;
    if (state) await state.log.abandon().catch(() => undefined);
  }

  /** Deletes the data file, its checkpoint and index definitions; the collection can be written again afterwards. */
  async drop(): Promise<void> {
    // (Runs inside the queue: a compaction in flight notices the state is gone and gives up.)
    const state = this.state;
    this.state = null;
    try {
      if (state) await state.log.close().catch(() => state.log.abandon());
      for (const file of [this.file, this.checkpointFile, `${this.file}.compact`]) await fs.rm(file, { force: true });
    } catch (error) {
      throw storageError("drop", this.file, error);
    }
    if (this.specs().length > 0) await this.ctx.catalog.set(this.name, []);
  }

  /** Whether the collection has documents or index definitions (i.e. it "exists"). */
  async exists(): Promise<boolean> {
    if (this.state) return this.state.table.count > 0 || this.specs().length > 0;
    try {
      const stat = await fs.stat(this.file);
      return stat.size > 0 || this.specs().length > 0;
    } catch {
      return this.specs().length > 0;
    }
  }

  /** Waits for queued operations and background work, writes a checkpoint, closes the file. */
  async close(): Promise<void> {
    await this.queue.idle();
    await this.compacting?.catch(() => undefined);
    await this.checkpointing?.catch(() => undefined);
    const state = this.state;
    if (!state) return;
    try {
      await state.log.drain();
      await this.checkpoint(state, true);
    } catch (error) {
      this.ctx.onBackgroundError(error);
    } finally {
      this.state = null;
      await state.log.abandon().catch(() => undefined);
    }
  }

  stats(): StorageStats | null {
    const s = this.state;
    if (!s) return null;
    return {
      documents: s.table.count,
      liveBytes: s.table.liveBytes,
      fileBytes: s.log.size,
      cache: s.table.cacheStats,
      writeBatches: s.log.stats.batches,
      recordsAppended: s.log.stats.records,
      compactions: this.counters.compactions,
      checkpoints: this.counters.checkpoints,
      lastLoad: this.lastLoad,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Background maintenance: compaction and checkpoints
  // ---------------------------------------------------------------------------------------------

  private headerBytes(s: Loaded): number {
    return s.hasHeader ? Buffer.byteLength(headerLine(s.generation)) : 0;
  }

  /** Dead bytes beyond what the tuning tolerates (or a file without a header, written by nedb). */
  needsCompaction(): boolean {
    const s = this.state;
    if (!s || this.failed) return false;
    if (!s.hasHeader && s.log.size > 0) return true;
    const { compactionRatio, compactionMinDeadBytes } = this.ctx.tuning;
    const dead = s.log.size - s.table.liveBytes - this.headerBytes(s);
    return dead >= compactionMinDeadBytes && s.log.size > s.table.liveBytes * compactionRatio;
  }

  private needsCheckpoint(): boolean {
    const s = this.state;
    if (!s || this.failed || !s.hasHeader) return false;
    // Every half-again of growth: the total checkpoint work stays proportional to the data, and a
    // start-up after a crash reads at most about a third of the file past its checkpoint.
    const since = s.log.size - s.checkpointCovered;
    return since >= this.ctx.tuning.checkpointMinBytes && since >= s.log.size / 3;
  }

  private maybeMaintain(): void {
    if (this.ctx.isClosed()) return;
    if (!this.compacting && this.needsCompaction()) {
      this.compacting = this.compact()
        .catch((error: unknown) => this.ctx.onBackgroundError(error))
        .finally(() => {
          this.compacting = null;
        });
    } else if (!this.compacting && !this.checkpointing && this.needsCheckpoint()) {
      const state = this.s;
      this.checkpointing = this.checkpoint(state, false)
        .catch((error: unknown) => this.ctx.onBackgroundError(error))
        .finally(() => {
          this.checkpointing = null;
        });
    }
  }

  /**
   * Writes a checkpoint of `state` as of now. The snapshot is taken synchronously (so it is
   * consistent), serialized in chunks, and written only once the bytes it covers are durable.
   */
  private async checkpoint(state: Loaded, closing: boolean): Promise<void> {
    if (!state.hasHeader) return;
    const covered = state.log.size;
    if (state.checkpointCovered === covered && state.checkpointLayout === this.layoutOf(state.equality, state.uniques, state.ttlSpecs))
      return;
    if (covered === 0) return;
    const table: TableColumns = { slots: [], ids: [], offsets: [], lengths: [] };
    for (let slot = 0; slot < state.table.capacity; slot++) {
      if (!state.table.isLive(slot)) continue;
      table.slots.push(slot);
      table.ids.push(state.table.id(slot));
      table.offsets.push(state.table.offset(slot));
      table.lengths.push(state.table.length(slot));
    }
    const ttl: number[] = [];
    for (let slot = 0; slot < state.expiry.length; slot++) {
      const at = state.expiry[slot] as number;
      if (!Number.isNaN(at) && state.table.isLive(slot)) ttl.push(slot, at);
    }
    const layout = this.layoutOf(state.equality, state.uniques, state.ttlSpecs);
    const data: CheckpointData = {
      header: {
        format: CHECKPOINT_FORMAT,
        generation: state.generation,
        covered,
        layout,
        count: state.table.count,
        capacity: state.table.capacity,
      },
      table,
      equality: state.equality.dump(),
      unique: Object.fromEntries(state.uniques.map((u) => [u.spec.name, u.dump()])),
      ttl,
    };
    const lines = await encodeCheckpoint(data);
    await state.log.durable(covered);
    if (!closing && this.state !== state) return; // reloaded or compacted meanwhile
    await writeCheckpoint(this.checkpointFile, lines);
    state.checkpointCovered = covered;
    state.checkpointLayout = layout;
    this.counters.checkpoints++;
  }

  /** Compacts now (tests and tools); resolves when done. */
  async compactNow(): Promise<void> {
    await this.compacting?.catch(() => undefined);
    this.compacting = this.compact().finally(() => {
      this.compacting = null;
    });
    await this.compacting;
  }

  private async compact(): Promise<void> {
    const tmp = `${this.file}.compact`;
    // 1. Snapshot (in the queue): everything appended so far is written; note the live lines.
    const snap = await this.queue.run(async () => {
      if (this.failed) await this.unload();
      const s = await this.ensureLoaded();
      await s.log.drain();
      const slots: number[] = [];
      for (let slot = 0; slot < s.table.capacity; slot++) if (s.table.isLive(slot)) slots.push(slot);
      const offsets = slots.map((slot) => s.table.offset(slot));
      const lengths = slots.map((slot) => s.table.length(slot));
      return { state: s, end: s.log.size, slots, offsets, lengths, generation: newGeneration() };
    });
    // 2. Copy the live lines to the temp file (outside the queue: writes continue meanwhile).
    const newOffsets = new Map<number, number>();
    let out: fs.FileHandle | null = null;
    let written = 0;
    try {
      out = await fs.open(tmp, "w", FILE_MODE);
      const header = Buffer.from(headerLine(snap.generation));
      let pending: Buffer[] = [header];
      let pendingBytes = header.length;
      const flush = async () => {
        if (pendingBytes === 0) return;
        await out!.write(pendingBytes === pending[0]?.length ? (pending[0] as Buffer) : Buffer.concat(pending));
        written += pendingBytes;
        pending = [];
        pendingBytes = 0;
      };
      // In file order, so the reads are sequential.
      const order = snap.slots.map((_, i) => i).sort((a, b) => (snap.offsets[a] as number) - (snap.offsets[b] as number));
      for (const i of order) {
        if (this.state !== snap.state) return; // dropped or reloaded meanwhile
        const length = snap.lengths[i] as number;
        const line = Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const n = snap.state.handle.readSync(line, got, length - got, (snap.offsets[i] as number) + got);
          if (n === 0) throw new EmbeddedStoreError("CORRUPT_DATA", `Data file ${this.file} ended inside a document during compaction`);
          got += n;
        }
        newOffsets.set(snap.slots[i] as number, written + pendingBytes);
        pending.push(line);
        pendingBytes += length;
        if (pendingBytes >= 1 << 22) {
          await flush();
          if (this.state !== snap.state) return; // dropped or reloaded meanwhile
        }
      }
      await flush();
      await out.sync();
      // 3. Switch (in the queue): append what was written meanwhile, make it durable, rename.
      await this.queue.run(async () => {
        const s = this.state;
        if (s !== snap.state || this.failed) return;
        await s.log.drain();
        const tailStart = written;
        const tailLength = s.log.size - snap.end;
        if (tailLength > 0) {
          const tail = Buffer.allocUnsafe(tailLength);
          let got = 0;
          while (got < tailLength) {
            const n = s.handle.readSync(tail, got, tailLength - got, snap.end + got);
            if (n === 0) throw new EmbeddedStoreError("CORRUPT_DATA", `Data file ${this.file} is shorter than written`);
            got += n;
          }
          await out!.write(tail);
          written += tailLength;
        }
        await out!.sync();
        await out!.close();
        out = null;
        await fs.rename(tmp, this.file);
        await fsyncDir(this.ctx.dir);
        let handle: DataFileHandle;
        try {
          handle = await this.ctx.io.openDataFile(this.file);
        } catch (error) {
          // The new file is in place and complete; reload from it on the next operation.
          this.failed = true;
          throw storageError("open", this.file, error);
        }
        const oldLog = s.log;
        s.table.relocate((slot, old) => (old >= snap.end ? old - snap.end + tailStart : (newOffsets.get(slot) as number)));
        s.handle = handle;
        s.log = new AppendLog(handle, this.file, written, () => {
          this.failed = true;
        });
        s.generation = snap.generation;
        s.hasHeader = true;
        s.checkpointCovered = 0;
        await oldLog.abandon();
        this.counters.compactions++;
      });
    } catch (error) {
      throw error instanceof EmbeddedStoreError ? error : unavailableError("compaction", this.file, error);
    } finally {
      if (out) await out.close().catch(() => undefined);
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    }
    // A checkpoint for the new generation, so the next start does not read the whole file.
    const s = this.state;
    if (s && s === snap.state && s.checkpointCovered === 0) await this.checkpoint(s, false);
  }
}

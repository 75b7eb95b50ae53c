/**
 * One collection's storage: a lazily loaded append-only nedb datafile `<dir>/<name>.db`, the
 * unique-index key maps, and the serial queue every operation on the collection runs through.
 * Writes resolve only after nedb has appended them to the datafile; a failed write discards
 * the in-memory state so the next operation reloads what is actually on disk.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import Datastore from "@seald-io/nedb";
import { closedError, EmbeddedStoreError, storageError } from "./errors";
import { ID_INDEX, type IndexCatalog, type IndexSpec } from "./index-catalog";
import { SerialQueue } from "./queue";
import { UniqueIndex } from "./unique-index";
import { EqualityIndex } from "./equality-index";
import { collectPathValues, type Doc } from "./values";

export interface StoreContext {
  readonly dir: string;
  readonly dbName: string;
  readonly catalog: IndexCatalog;
  isClosed(): boolean;
}

/**
 * A SIGKILL can leave a partially appended last line. Acknowledged writes always end with a
 * newline, so an unterminated tail was never acknowledged and is safe to drop.
 */
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
    const content = await handle.readFile();
    const keep = content.lastIndexOf(0x0a) + 1;
    await handle.truncate(keep);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class CollectionStorage {
  readonly queue = new SerialQueue();
  readonly file: string;
  readonly namespace: string;
  private ds: Datastore<Doc> | null = null;
  private uniques: UniqueIndex[] = [];
  private equality = new EqualityIndex([]);

  constructor(
    private readonly ctx: StoreContext,
    readonly name: string,
  ) {
    this.file = path.join(ctx.dir, `${name}.db`);
    this.namespace = `${ctx.dbName}.${name}`;
  }

  /** Runs `task` exclusively on this collection, after loading it. */
  run<T>(operation: string, task: () => Promise<T> | T): Promise<T> {
    if (this.ctx.isClosed()) return Promise.reject(closedError(`${operation} on '${this.name}'`));
    return this.queue.run(async () => {
      await this.ensureLoaded();
      return task();
    });
  }

  get loaded(): boolean {
    return this.ds !== null;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.ds) return;
    const ds = new Datastore<Doc>({ filename: this.file, corruptAlertThreshold: 0 });
    try {
      await repairTornTail(this.file);
      await ds.loadDatabaseAsync();
    } catch (error) {
      throw storageError("open", this.file, error);
    }
    const docs = ds.getAllData() as Doc[];
    const uniques = [ID_INDEX, ...this.specs()].filter((spec) => spec.unique).map((spec) => new UniqueIndex(spec, this.namespace));
    for (const index of uniques) index.rebuild(docs);
    this.ds = ds;
    this.uniques = uniques;
    this.rebuildEquality();
  }

  /** Leading fields of the declared indexes (plain, non-dotted names): the equality lookups. */
  private rebuildEquality(): void {
    const fields = [
      ...new Set(
        this.specs()
          .map((s) => Object.keys(s.key)[0])
          .filter((f): f is string => !!f && f !== "_id" && !f.includes(".")),
      ),
    ];
    this.equality = new EqualityIndex(fields);
    if (this.ds) this.equality.rebuild(this.docs());
  }

  private get store(): Datastore<Doc> {
    if (!this.ds) throw new EmbeddedStoreError("IO_ERROR", `Collection '${this.name}' is not loaded`);
    return this.ds;
  }

  private invalidate(): void {
    this.ds = null;
    this.uniques = [];
    this.equality = new EqualityIndex([]);
  }

  /** Live stored documents; callers must not mutate them or leak them. */
  docs(): Doc[] {
    return this.store.getAllData() as Doc[];
  }

  /**
   * Stored documents that may match `filter`, in the same (_id) order as docs(): all of them, or —
   * when a top-level equality/`$in` condition is on `_id` or on a declared index's leading field —
   * just the candidates from the equality maps. Callers still apply the full query.
   */
  candidates(filter: unknown): Doc[] {
    const ids = this.equality.candidates(filter);
    if (!ids) return this.docs();
    const byId = (this.store as unknown as { indexes: { _id: { getMatching(v: string): Doc[] } } }).indexes._id;
    return ids.sort().flatMap((id) => byId.getMatching(id));
  }

  specs(): IndexSpec[] {
    return this.ctx.catalog.get(this.name);
  }

  async insert(docs: Doc[]): Promise<void> {
    if (docs.length === 0) return;
    for (const index of this.uniques) index.check(docs, new Set());
    try {
      await this.store.insertAsync(docs);
    } catch (error) {
      this.invalidate();
      throw storageError("insert", this.file, error);
    }
    for (const index of this.uniques) for (const doc of docs) index.add(doc);
    for (const doc of docs) this.equality.add(doc);
  }

  async replace(changes: { before: Doc; after: Doc }[]): Promise<void> {
    if (changes.length === 0) return;
    const removed = new Set(changes.map((c) => c.before._id as string));
    for (const index of this.uniques)
      index.check(
        changes.map((c) => c.after),
        removed,
      );
    try {
      for (const { before, after } of changes) {
        const { numAffected } = await this.store.updateAsync({ _id: before._id }, after, {});
        if (numAffected !== 1) throw new Error(`document ${String(before._id)} vanished during update`);
      }
    } catch (error) {
      this.invalidate();
      throw storageError("update", this.file, error);
    }
    for (const index of this.uniques) {
      for (const { before } of changes) index.remove(before);
      for (const { after } of changes) index.add(after);
    }
    for (const { before } of changes) this.equality.remove(before);
    for (const { after } of changes) this.equality.add(after);
  }

  async remove(docs: Doc[]): Promise<void> {
    if (docs.length === 0) return;
    const ids = docs.map((d) => d._id);
    try {
      await this.store.removeAsync({ _id: { $in: ids } }, { multi: true });
    } catch (error) {
      this.invalidate();
      throw storageError("delete", this.file, error);
    }
    for (const index of this.uniques) for (const doc of docs) index.remove(doc);
    for (const doc of docs) this.equality.remove(doc);
  }

  /** Adds an index definition; a unique one is validated against existing data first (E11000). */
  async addIndex(spec: IndexSpec): Promise<void> {
    let unique: UniqueIndex | undefined;
    if (spec.unique) {
      unique = new UniqueIndex(spec, this.namespace);
      unique.rebuild(this.docs());
    }
    await this.ctx.catalog.set(this.name, [...this.specs(), spec]);
    if (unique) this.uniques.push(unique);
    this.rebuildEquality();
  }

  async removeIndexes(names: Set<string>): Promise<void> {
    await this.ctx.catalog.set(
      this.name,
      this.specs().filter((s) => !names.has(s.name)),
    );
    this.uniques = this.uniques.filter((u) => !names.has(u.spec.name));
    this.rebuildEquality();
  }

  /** Deletes the datafile and index definitions; the collection can be written again afterwards. */
  async drop(): Promise<void> {
    try {
      await this.store.dropDatabaseAsync();
      await fs.rm(this.file, { force: true });
    } catch (error) {
      this.invalidate();
      throw storageError("drop", this.file, error);
    }
    this.invalidate();
    if (this.specs().length > 0) await this.ctx.catalog.set(this.name, []);
  }

  /** Removes documents whose TTL has passed; returns how many. */
  async sweepExpired(now: number): Promise<number> {
    const ttl = this.specs().filter((s) => s.expireAfterSeconds !== undefined);
    if (ttl.length === 0) return 0;
    const expired = this.docs().filter((doc) =>
      ttl.some((spec) => {
        const field = Object.keys(spec.key)[0] as string;
        const dates = collectPathValues(doc, field)
          .flatMap((v) => (Array.isArray(v) ? v : [v]))
          .filter((v): v is Date => v instanceof Date);
        if (dates.length === 0) return false;
        const earliest = Math.min(...dates.map((d) => d.getTime()));
        return earliest + (spec.expireAfterSeconds as number) * 1000 <= now;
      }),
    );
    await this.remove(expired);
    return expired.length;
  }

  /** Whether the collection has a non-empty datafile (i.e. it "exists"). */
  async exists(): Promise<boolean> {
    if (this.ds) return this.docs().length > 0 || this.specs().length > 0;
    try {
      const stat = await fs.stat(this.file);
      return stat.size > 0 || this.specs().length > 0;
    } catch {
      return this.specs().length > 0;
    }
  }
}

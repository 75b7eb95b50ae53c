/** The driver-shaped Db: collection handles, ping command, collection listing. */
import { EmbeddedCollection } from "./collection";
import { EmbeddedListCursor } from "./cursor";
import { closedError, unsupported } from "./errors";
import { Query } from "mingo";
import type { CollectionStorage } from "./storage";
import { isPlainObject, type Doc } from "./values";

/** What the Db needs from the store. */
export interface DbBackend {
  readonly dbName: string;
  isClosed(): boolean;
  storage(name: string): CollectionStorage;
  collectionNames(): Promise<string[]>;
}

export interface CollectionInfo {
  name: string;
  type: "collection";
  options: Record<string, never>;
  info: { readOnly: false };
}

export class EmbeddedDb {
  constructor(private readonly backend: DbBackend) {}

  get databaseName(): string {
    return this.backend.dbName;
  }

  /** Lazily opens `<dir>/<name>.db`; names must match `^[A-Za-z][A-Za-z0-9_]{0,63}$`. */
  collection<TSchema extends Doc = Doc>(name: string): EmbeddedCollection<TSchema> {
    return new EmbeddedCollection<TSchema>(this.backend.storage(name));
  }

  async command(command: Doc): Promise<Doc> {
    if (this.backend.isClosed()) throw closedError("command");
    if (isPlainObject(command) && (command.ping === 1 || command.ping === true)) return { ok: 1 };
    throw unsupported(`Command ${JSON.stringify(Object.keys(command ?? {})[0] ?? "")}`);
  }

  listCollections(filter: Doc = {}, _options: { nameOnly?: boolean } = {}): EmbeddedListCursor<CollectionInfo> {
    return new EmbeddedListCursor(async () => {
      if (this.backend.isClosed()) throw closedError("listCollections");
      const query = new Query(filter);
      return (await this.backend.collectionNames())
        .map((name): CollectionInfo => ({ name, type: "collection", options: {}, info: { readOnly: false } }))
        .filter((info) => query.test({ ...info }));
    });
  }

  async collections(): Promise<EmbeddedCollection[]> {
    return (await this.backend.collectionNames()).map((name) => this.collection(name));
  }

  async createCollection<TSchema extends Doc = Doc>(name: string): Promise<EmbeddedCollection<TSchema>> {
    const collection = this.collection<TSchema>(name);
    await collection.countDocuments();
    return collection;
  }

  async dropCollection(name: string): Promise<boolean> {
    return this.collection(name).drop();
  }

  async dropDatabase(): Promise<boolean> {
    for (const name of await this.backend.collectionNames()) await this.collection(name).drop();
    return true;
  }
}

/** Test helper: embedded stores in fresh temp directories, closed and removed after each test. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from "../index";

export async function makeTempDir(prefix = "embedded-store-"): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

export function tempStores() {
  const stores: EmbeddedStore[] = [];
  const dirs: string[] = [];
  return {
    async open(options: Partial<EmbeddedStoreOptions> = {}): Promise<EmbeddedStore> {
      const dir = options.dir ?? (await makeTempDir());
      if (!options.dir) dirs.push(dir);
      const store = await openEmbeddedStore({ ...options, dir });
      stores.push(store);
      return store;
    },
    async dir(): Promise<string> {
      const dir = await makeTempDir();
      dirs.push(dir);
      return dir;
    },
    async cleanup(): Promise<void> {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}

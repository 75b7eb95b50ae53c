/**
 * One process per data directory: `<dir>/LOCK` holds the owner's pid. A lock left by a process
 * that no longer exists (e.g. after SIGKILL) is taken over.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import { EmbeddedStoreError } from "./errors";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DirLock {
  release(): Promise<void>;
}

export async function acquireDirLock(dir: string): Promise<DirLock> {
  const file = path.join(dir, "LOCK");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await fs.open(file, "wx", 0o600);
      try {
        await handle.writeFile(String(process.pid));
        await handle.sync();
      } finally {
        await handle.close();
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await fs.rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(await fs.readFile(file, "utf8").catch(() => ""), 10);
    if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
      const who = owner === process.pid ? "this process (open it once and share the store)" : `process ${owner}`;
      throw new EmbeddedStoreError("STORE_LOCKED", `Embedded store at ${dir} is already open by ${who}`);
    }
    await fs.rm(file, { force: true });
  }
  throw new EmbeddedStoreError("STORE_LOCKED", `Could not lock embedded store directory ${dir}`);
}

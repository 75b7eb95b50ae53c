/**
 * Test seam: the real node:fs data files, with switches to hold syncs (to observe acknowledgements)
 * and to make writes fail like a full disk.
 */
import { nodeFileIo, type DataFileHandle, type FileIo } from "../file-io";

export interface FaultyIo extends FileIo {
  /** Completed write+sync rounds per file name. */
  syncs: Map<string, number>;
  /** While set, every append fails with this errno (e.g. "ENOSPC"). */
  failWrites: string | null;
  /** While true, syncs wait until release() is called. */
  holdSyncs: boolean;
  release(): void;
  heldSyncs(): number;
}

export function faultyIo(): FaultyIo {
  let held: Array<() => void> = [];
  const io: FaultyIo = {
    syncs: new Map(),
    failWrites: null,
    holdSyncs: false,
    release() {
      const waiting = held;
      held = [];
      for (const go of waiting) go();
    },
    heldSyncs: () => held.length,
    async openDataFile(file: string): Promise<DataFileHandle> {
      const real = await nodeFileIo.openDataFile(file);
      const name = file.split("/").pop() as string;
      return {
        append(data) {
          if (io.failWrites) {
            const code = io.failWrites;
            return Promise.reject(
              Object.assign(new Error(`${code}: no space left on device, write`), { code, errno: -28, syscall: "write" }),
            );
          }
          return real.append(data);
        },
        async datasync() {
          if (io.holdSyncs) await new Promise<void>((resolve) => held.push(resolve));
          await real.datasync();
          io.syncs.set(name, (io.syncs.get(name) ?? 0) + 1);
        },
        truncate: (length) => real.truncate(length),
        readSync: (buffer, offset, length, position) => real.readSync(buffer, offset, length, position),
        size: () => real.size(),
        close: () => real.close(),
      };
    },
  };
  return io;
}

/**
 * The file operations the engine's data files go through. Production uses node:fs; tests inject
 * failures (a full disk, an I/O error) through `EmbeddedStoreOptions.fileIo`.
 */
import {
  closeSync,
  fdatasync as fsFdatasync,
  fstatSync,
  ftruncate as fsFtruncate,
  openSync,
  readSync,
  write as fsWrite,
  promises as fs,
} from "node:fs";

/** An open data file: appends at the end, positional reads, durability. */
export interface DataFileHandle {
  /** Appends all of `data` at the end of the file (O_APPEND). */
  append(data: Buffer): Promise<void>;
  /** Flushes appended data (and the size) to stable storage. */
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  /** Synchronous positional read (point reads of documents); returns the bytes read. */
  readSync(buffer: Buffer, offset: number, length: number, position: number): number;
  size(): number;
  close(): Promise<void>;
}

export interface FileIo {
  /** Opens (creating with mode 0600 if missing) a data file for appending and reading. */
  openDataFile(file: string): Promise<DataFileHandle>;
}

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

class NodeDataFile implements DataFileHandle {
  private closed = false;
  constructor(private readonly fd: number) {}

  append(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      let written = 0;
      const step = () => {
        if (written >= data.length) return resolve();
        // O_APPEND: the kernel appends every write at the end; position is ignored.
        fsWrite(this.fd, data, written, data.length - written, (error, n) => {
          if (error) return reject(error);
          written += n;
          step();
        });
      };
      step();
    });
  }

  datasync(): Promise<void> {
    return new Promise((resolve, reject) => fsFdatasync(this.fd, (error) => (error ? reject(error) : resolve())));
  }

  truncate(length: number): Promise<void> {
    return new Promise((resolve, reject) => fsFtruncate(this.fd, length, (error) => (error ? reject(error) : resolve())));
  }

  readSync(buffer: Buffer, offset: number, length: number, position: number): number {
    return readSync(this.fd, buffer, offset, length, position);
  }

  size(): number {
    return fstatSync(this.fd).size;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export const nodeFileIo: FileIo = {
  async openDataFile(file: string): Promise<DataFileHandle> {
    const fd = openSync(file, "a+", FILE_MODE);
    // Files created by older versions (or under a permissive umask) are narrowed to 0600 too.
    await fs.chmod(file, FILE_MODE).catch(() => undefined);
    return new NodeDataFile(fd);
  },
};

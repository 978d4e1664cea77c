// Local-disk storage: one file per key under a root directory (default `.data/uploads`).
// Writes go to a temp file in the same directory and are renamed into place, so a reader never
// sees half a file and a crash leaves at most a stray `.tmp-*` file (never a valid key: keys'
// segments start with a letter or digit).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { assertSafeKey, type ByteRange, type Storage, type StoredObject } from "@/lib/storage/index";

/**
 * fsync a directory so a rename or a new entry in it survives a crash. Windows cannot open a
 * directory for this (and its file system does not need it), so there it is skipped.
 */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const dh = await fs.open(dir, "r");
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export class LocalStorage implements Storage {
  constructor(readonly root: string) {}

  private file(key: string): string {
    assertSafeKey(key);
    const file = path.resolve(this.root, ...key.split("/"));
    if (!file.startsWith(this.root + path.sep)) throw new Error("Refusing a storage key outside the storage directory.");
    return file;
  }

  // The content type is not kept on disk: the database row has it.
  // Durable before it resolves: the upload is acknowledged (and its row committed) only after this,
  // so the bytes are flushed (fdatasync) before the rename, and the directory entry after it (fsync
  // of the directory, and of any directory just created), or an OS crash or power cut could lose a
  // screenshot whose report says it has one. About 1 ms per file on the bench machine. `durable:
  // false` (a thumbnail, made again from its original) skips the flushes.
  async put(key: string, body: Buffer, _contentType?: string, opts: { durable?: boolean } = {}): Promise<void> {
    const durable = opts.durable ?? true;
    const file = this.file(key);
    const dir = path.dirname(file);
    const firstCreated = await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.tmp-${crypto.randomBytes(8).toString("hex")}`);
    try {
      const fh = await fs.open(tmp, "wx", 0o640);
      try {
        await fh.writeFile(body);
        if (durable) await fh.datasync();
      } finally {
        await fh.close();
      }
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw e;
    }
    if (!durable) return;
    // New directories' entries live in their parents: sync from the parent of the first one created.
    const dirs = [dir];
    if (firstCreated) {
      const stop = path.dirname(firstCreated);
      for (let d = dir; d !== stop && d !== path.dirname(d); ) {
        d = path.dirname(d);
        dirs.push(d);
      }
    }
    for (const d of dirs) await syncDirectory(d);
  }

  async get(key: string, range?: ByteRange): Promise<StoredObject | null> {
    const file = this.file(key);
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(file, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    try {
      const { size } = await fh.stat();
      const start = range ? Math.max(0, range.start) : 0;
      const end = range ? Math.min(range.end, size - 1) : size - 1;
      let node: Readable;
      if (end < start) {
        // An empty file or a range past its end: nothing to read.
        await fh.close();
        node = Readable.from([]);
      } else {
        node = fh.createReadStream({ start, end, autoClose: true });
      }
      return { stream: Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>, size };
    } catch (e) {
      await fh.close().catch(() => {});
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}

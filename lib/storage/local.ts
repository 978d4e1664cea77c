// Local-disk storage: one file per key under a root directory (default `.data/uploads`).
// Writes go to a temp file in the same directory and are renamed into place, so a reader never
// sees half a file and a crash leaves at most a stray `.tmp-*` file (never a valid key: keys'
// segments start with a letter or digit).
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { assertSafeKey, type ByteRange, type Storage, type StoredObject } from "@/lib/storage/index";

export class LocalStorage implements Storage {
  constructor(readonly root: string) {}

  private file(key: string): string {
    assertSafeKey(key);
    const file = path.resolve(this.root, ...key.split("/"));
    if (!file.startsWith(this.root + path.sep)) throw new Error("Refusing a storage key outside the storage directory.");
    return file;
  }

  // The content type is not kept on disk: the database row has it.
  async put(key: string, body: Buffer): Promise<void> {
    const file = this.file(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.tmp-${crypto.randomBytes(8).toString("hex")}`);
    try {
      await fs.writeFile(tmp, body, { flag: "wx", mode: 0o640 });
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => {});
      throw e;
    }
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

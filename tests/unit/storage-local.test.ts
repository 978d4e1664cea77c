import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createStorage, type Storage } from "@/lib/storage/index";
import { LocalStorage } from "@/lib/storage/local";

let dir = "";
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "bashboard-storage-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const readAll = async (s: ReadableStream<Uint8Array>) => Buffer.from(await new Response(s).arrayBuffer());

describe("local storage driver", () => {
  it("is the default, rooted at STORAGE_DIR, and round-trips whole files and ranges", async () => {
    const storage = createStorage({ STORAGE_DIR: dir });
    expect(storage).toBeInstanceOf(LocalStorage);
    await storage.put("b1/k1", Buffer.from("hello world"), "image/png");
    expect(await fs.readFile(path.join(dir, "b1", "k1"), "utf8")).toBe("hello world");
    // Only the final file: the temp file was renamed into place.
    expect(await fs.readdir(path.join(dir, "b1"))).toEqual(["k1"]);

    const whole = await storage.get("b1/k1");
    expect(whole?.size).toBe(11);
    expect((await readAll(whole!.stream)).toString()).toBe("hello world");
    const part = await storage.get("b1/k1", { start: 6, end: 100 });
    expect(part?.size).toBe(11);
    expect((await readAll(part!.stream)).toString()).toBe("world");

    await storage.put("b1/k1", Buffer.from("replaced"), "image/png");
    expect((await readAll((await storage.get("b1/k1"))!.stream)).toString()).toBe("replaced");

    await storage.delete("b1/k1");
    await expect(storage.get("b1/k1")).resolves.toBeNull();
    await expect(storage.delete("b1/k1")).resolves.toBeUndefined();
  });

  it("flushes the bytes before the rename, then the directory entries, new directories included", async () => {
    // A root that does not exist yet: put creates it and the bash's folder inside.
    const root = path.join(dir, "fresh");
    const storage: Storage = new LocalStorage(root);
    const log: string[] = [];
    const name = (p: unknown) => path.relative(dir, String(p)).replace(/\.tmp-[0-9a-f]+$/, ".tmp") || ".";
    const realOpen = fs.open.bind(fs);
    const realRename = fs.rename.bind(fs);
    const open = vi.spyOn(fs, "open").mockImplementation(async (p, flags, mode) => {
      const fh = await realOpen(p, flags, mode);
      const n = name(p);
      const datasync = fh.datasync.bind(fh);
      const sync = fh.sync.bind(fh);
      fh.datasync = async () => (log.push(`datasync ${n}`), datasync());
      fh.sync = async () => (log.push(`sync ${n}`), sync());
      return fh;
    });
    const rename = vi.spyOn(fs, "rename").mockImplementation(async (a, b) => (log.push(`rename ${name(a)} -> ${name(b)}`), realRename(a, b)));
    try {
      await storage.put("b2/k2", Buffer.from("durable"), "image/png");
      expect(log).toEqual([
        "datasync fresh/b2/.tmp",
        "rename fresh/b2/.tmp -> fresh/b2/k2",
        "sync fresh/b2",
        "sync fresh",
        "sync .",
      ]);
      // A second file in the now existing folder: only that folder's entry needs flushing.
      log.length = 0;
      await storage.put("b2/k3", Buffer.from("again"), "image/png");
      expect(log).toEqual(["datasync fresh/b2/.tmp", "rename fresh/b2/.tmp -> fresh/b2/k3", "sync fresh/b2"]);
      // Something derived (a thumbnail) may skip the flushes.
      log.length = 0;
      await storage.put("b2/k4", Buffer.from("derived"), "image/webp", { durable: false });
      expect(log).toEqual(["rename fresh/b2/.tmp -> fresh/b2/k4"]);
    } finally {
      open.mockRestore();
      rename.mockRestore();
    }
    expect(await fs.readFile(path.join(root, "b2", "k2"), "utf8")).toBe("durable");
    expect((await fs.readdir(path.join(root, "b2"))).sort()).toEqual(["k2", "k3", "k4"]);
  });

  it("refuses keys that could leave the storage directory", async () => {
    const storage: Storage = new LocalStorage(dir);
    for (const key of ["../outside", "a/../../outside", "/etc/passwd", "a\\..\\b", ".hidden", "a/./b", "", "a//b"]) {
      await expect(storage.put(key, Buffer.from("x"), "image/png")).rejects.toThrow(/unsafe storage key/);
      await expect(storage.get(key)).rejects.toThrow(/unsafe storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/unsafe storage key/);
    }
    await expect(fs.access(path.join(dir, "..", "outside"))).rejects.toThrow();
  });
});

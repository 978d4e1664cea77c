import { beforeEach, describe, expect, it } from "vitest";
import { countUnread, listNotifications, markAllRead, markRead } from "@/lib/notifications/queries";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

describe("notifications", () => {
  it("are private to their owner: counted, listed and marked read only by them", async () => {
    const ana = await makeUser(db());
    const bo = await makeUser(db());
    const n1 = await db().notification.create({ data: { userId: ana.id, kind: "x", title: "For Ana 1", url: "/a" } });
    await db().notification.create({ data: { userId: ana.id, kind: "x", title: "For Ana 2" } });
    await db().notification.create({ data: { userId: bo.id, kind: "x", title: "For Bo" } });

    expect(await countUnread(db(), ana)).toBe(2);
    expect((await listNotifications(db(), ana)).map((n) => n.title).sort()).toEqual(["For Ana 1", "For Ana 2"]);
    await expect(markRead(db(), bo, { id: n1.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await countUnread(db(), ana)).toBe(2);

    await expect(markRead(db(), ana, { id: n1.id })).resolves.toEqual({ url: "/a" });
    expect(await countUnread(db(), ana)).toBe(1);
    await expect(markAllRead(db(), ana)).resolves.toEqual({ marked: 1 });
    expect(await countUnread(db(), ana)).toBe(0);
    expect(await countUnread(db(), bo)).toBe(1);
    await expect(markRead(db(), ana, {})).rejects.toMatchObject({ code: "INVALID" });
  });
});

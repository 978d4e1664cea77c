import { beforeEach, describe, expect, it } from "vitest";
import { createFirstAdmin } from "@/lib/users/commands";
import { verifyLogin } from "@/lib/users/login";
import { makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

describe("first run", () => {
  it("the first account becomes the admin; no second first admin", async () => {
    const admin = await createFirstAdmin(db(), { name: "Ada", email: "Ada@Example.com", password: "0123456789" });
    expect(admin).toMatchObject({ email: "ada@example.com", isAdmin: true });
    await expect(createFirstAdmin(db(), { name: "Eve", email: "eve@example.com", password: "0123456789" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Bashboard already has an admin. Sign in instead.",
    });
    expect(await db().user.count()).toBe(1);
  });

  it("two visitors at the same instant: exactly one becomes admin", async () => {
    const results = await Promise.allSettled([
      createFirstAdmin(db(), { name: "A", email: "a@example.com", password: "0123456789" }),
      createFirstAdmin(db(), { name: "B", email: "b@example.com", password: "0123456789" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { isAdmin: true } })).toBe(1);
  });

  it("bad input changes nothing", async () => {
    await expect(createFirstAdmin(db(), { name: "", email: "x", password: "1" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db().user.count()).toBe(0);
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one with a clear message", async () => {
    const u = await makeUser(db());
    await expect(verifyLogin(db(), { email: u.email.toUpperCase(), password: u.password }, "10.0.0.1")).resolves.toMatchObject({ id: u.id });
    await expect(verifyLogin(db(), { email: u.email, password: "wrong-password" }, "10.0.0.1")).rejects.toMatchObject({
      code: "INVALID",
      message: "That email and password do not match. Check them and try again.",
    });
  });

  it("is rate-limited per account: the 6th try inside 15 minutes is refused, even with the right password", async () => {
    const u = await makeUser(db());
    for (let i = 0; i < 5; i++) {
      await expect(verifyLogin(db(), { email: u.email, password: `nope-${i}` }, `10.0.1.${i}`)).rejects.toMatchObject({ code: "INVALID" });
    }
    await expect(verifyLogin(db(), { email: u.email, password: u.password }, "10.0.1.99")).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^Too many failed sign-in attempts\. Wait 15 minutes and try again/),
    });
    // After the window has passed, the account can sign in again.
    const later = new Date(Date.now() + 16 * 60_000);
    await expect(verifyLogin(db(), { email: u.email, password: u.password }, "10.0.1.99", later)).resolves.toMatchObject({ id: u.id });
  });

  it("parallel guesses cannot slip past the limit", async () => {
    const u = await makeUser(db());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => verifyLogin(db(), { email: u.email, password: `parallel-${i}` }, "10.0.3.1")),
    );
    const codes = results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "OK"));
    expect(codes.filter((c) => c === "INVALID")).toHaveLength(5);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(7);
    expect(await db().loginAttempt.count({ where: { email: u.email } })).toBe(5);
  });

  it("is rate-limited per IP across accounts", async () => {
    process.env.LOGIN_MAX_FAILURES_PER_IP = "3";
    try {
      for (let i = 0; i < 3; i++) {
        await expect(verifyLogin(db(), { email: `nobody${i}@example.com`, password: "x" }, "10.9.9.9")).rejects.toMatchObject({ code: "INVALID" });
      }
      await expect(verifyLogin(db(), { email: "someone@example.com", password: "x" }, "10.9.9.9")).rejects.toMatchObject({ code: "RATE_LIMITED" });
      await expect(verifyLogin(db(), { email: "someone@example.com", password: "x" }, "10.9.9.10")).rejects.toMatchObject({ code: "INVALID" });
    } finally {
      delete process.env.LOGIN_MAX_FAILURES_PER_IP;
    }
  });

  it("refuses a deactivated account", async () => {
    const u = await makeUser(db());
    await db().user.update({ where: { id: u.id }, data: { deactivatedAt: new Date() } });
    await expect(verifyLogin(db(), { email: u.email, password: u.password }, "10.0.2.1")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { createBash } from "@/lib/bashes/commands";
import { addCredentials, claimCredential, releaseCredential, removeCredential } from "@/lib/credentials/commands";
import { listCredentialPool } from "@/lib/credentials/queries";
import type { BashRole } from "@/lib/policy";
import { makeMember, makeUser } from "../factories/users";
import { db, resetDb } from "./db";

beforeEach(resetDb);

type User = Awaited<ReturnType<typeof makeUser>>;

const member = (bashId: string, role: BashRole, name?: string): Promise<User> => makeMember(db(), bashId, role, { name });

/** A bash with a facilitator, a "Staging" environment and (optionally) accounts in it. */
async function setup(accounts: string[] = []) {
  const fac = await makeUser(db(), { name: "Fay Facilitator" });
  const bash = await createBash(db(), fac, { title: "RC bash" });
  const env = await db().environment.create({ data: { bashId: bash.id, name: "Staging", position: 1 } });
  if (accounts.length) await addCredentials(db(), fac, bash.id, { environmentId: env.id, text: accounts.join("\n") });
  return { fac, bash, env };
}

const accountsNamed = (n: number) => Array.from({ length: n }, (_, i) => `qa${i + 1}@example.com,Secret-${i + 1}`);

describe("credentials: adding", () => {
  it("a facilitator pastes accounts in any form; they are stored in paste order, and the activity has no secrets", async () => {
    const { fac, bash, env } = await setup();
    const text = [
      "username\tpassword\tnotes",
      "alice@example.com\tAlice-Secret-1\tadmin",
      "bob;Bob-Secret-2",
      "carol Carol-Secret-3 has 2FA",
      "",
      "# mobile ones",
      "dave / Dave-Secret-4",
      "erin:Erin-Secret-5",
    ].join("\n");
    await expect(addCredentials(db(), fac, bash.id, { environmentId: env.id, text })).resolves.toEqual({ added: 5, skippedDuplicates: 0 });
    const rows = await db().testCredential.findMany({ where: { environmentId: env.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(rows.map((r) => [r.username, r.secret, r.notes])).toEqual([
      ["alice@example.com", "Alice-Secret-1", "admin"],
      ["bob", "Bob-Secret-2", ""],
      ["carol", "Carol-Secret-3", "has 2FA"],
      ["dave", "Dave-Secret-4", ""],
      ["erin", "Erin-Secret-5", ""],
    ]);
    expect(rows.every((r) => r.bashId === bash.id && r.claimedById === null)).toBe(true);
    const acts = await db().activity.findMany({ where: { bashId: bash.id, type: "credentials.added" } });
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ actorId: fac.id, entityType: "environment", entityId: env.id, data: { count: 5 } });
    expect(JSON.stringify(acts[0].data)).not.toMatch(/Secret/);
  });

  it("a paste with a bad line writes nothing and names the line", async () => {
    const { fac, bash, env } = await setup();
    const err = await addCredentials(db(), fac, bash.id, { environmentId: env.id, text: "alice,a1\nbob,b2\njustcarol\ndave,d4" }).catch(
      (e: unknown) => e,
    );
    const message = "Line 3 has no password: write the username and the password separated by a tab, comma or space.";
    expect(err).toMatchObject({ code: "INVALID", message, fieldErrors: { text: message } });
    expect(await db().testCredential.count()).toBe(0);
    expect(await db().activity.count({ where: { type: "credentials.added" } })).toBe(0);

    await expect(addCredentials(db(), fac, bash.id, { environmentId: env.id, text: "x\ny" })).rejects.toMatchObject({
      code: "INVALID",
      message: "Line 1 has no password: write the username and the password separated by a tab, comma or space. (1 more line has problems.)",
    });
    await expect(addCredentials(db(), fac, bash.id, { environmentId: env.id, text: accountsNamed(201).join("\n") })).rejects.toMatchObject({
      code: "INVALID",
      message: "Paste at most 200 accounts at a time.",
    });
    await expect(addCredentials(db(), fac, bash.id, { environmentId: env.id, text: "\n# nothing\n" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { text: expect.stringContaining("at least one account") },
    });
    await expect(addCredentials(db(), fac, bash.id, { environmentId: "", text: "a b" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await db().testCredential.count()).toBe(0);
  });

  it("usernames already in the pool, or repeated in the paste, are skipped and counted", async () => {
    const { fac, bash, env } = await setup(["alice,a1", "bob,b2"]);
    const r = await addCredentials(db(), fac, bash.id, { environmentId: env.id, text: "alice,new-secret\nALICE@x,z\nBob,b3\ncarol,c3\ncarol,c4" });
    // alice and Bob are in the pool already; carol is repeated. ALICE@x is another username.
    expect(r).toEqual({ added: 2, skippedDuplicates: 3 });
    const rows = await db().testCredential.findMany({ where: { environmentId: env.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(rows.map((x) => `${x.username}:${x.secret}`)).toEqual(["alice:a1", "bob:b2", "ALICE@x:z", "carol:c3"]);
    // The same username in another environment is a different account.
    const prod = await db().environment.create({ data: { bashId: bash.id, name: "Prod", position: 2 } });
    await expect(addCredentials(db(), fac, bash.id, { environmentId: prod.id, text: "alice,p1" })).resolves.toEqual({ added: 1, skippedDuplicates: 0 });
  });

  it("only facilitators add; outsiders do not see the bash; an environment of another bash is NOT_FOUND", async () => {
    const { fac, bash, env } = await setup();
    const participant = await member(bash.id, "PARTICIPANT");
    const triager = await member(bash.id, "TRIAGER");
    const outsider = await makeUser(db());
    const admin = await makeUser(db(), { isAdmin: true });
    const input = { environmentId: env.id, text: "alice,a1" };
    await expect(addCredentials(db(), participant, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addCredentials(db(), triager, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addCredentials(db(), admin, bash.id, input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(addCredentials(db(), outsider, bash.id, input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addCredentials(db(), outsider, "no-such-bash", input)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const other = await createBash(db(), fac, { title: "Other bash" });
    const otherEnv = await db().environment.create({ data: { bashId: other.id, name: "Other staging" } });
    await expect(addCredentials(db(), fac, bash.id, { environmentId: otherEnv.id, text: "alice,a1" })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/^That environment was not found/),
    });
    expect(await db().testCredential.count()).toBe(0);
  });
});

describe("credentials: claiming", () => {
  it("a participant claims the oldest free account and gets its secret; claiming again returns the same one", async () => {
    const { bash, env } = await setup(["first,S1,note one", "second,S2"]);
    const p = await member(bash.id, "PARTICIPANT");
    const c = await claimCredential(db(), p, bash.id, { environmentId: env.id });
    expect(c).toMatchObject({ username: "first", secret: "S1", notes: "note one" });
    expect(await claimCredential(db(), p, bash.id, { environmentId: env.id })).toEqual(c);
    const row = await db().testCredential.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.claimedById).toBe(p.id);
    expect(row.claimedAt).toBeInstanceOf(Date);
    expect(await db().testCredential.count({ where: { claimedById: null } })).toBe(1);
    const acts = await db().activity.findMany({ where: { type: "credential.claimed" } });
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({ actorId: p.id, entityType: "credential", entityId: c.id });
    expect(JSON.stringify(acts[0].data)).not.toContain("S1");

    // A triager and a facilitator may claim too.
    const t = await member(bash.id, "TRIAGER");
    await expect(claimCredential(db(), t, bash.id, { environmentId: env.id })).resolves.toMatchObject({ username: "second", secret: "S2" });
  });

  it("none free is a CONFLICT naming the environment", async () => {
    const { bash, env } = await setup(["only,S1"]);
    const a = await member(bash.id, "PARTICIPANT");
    const b = await member(bash.id, "PARTICIPANT");
    await claimCredential(db(), a, bash.id, { environmentId: env.id });
    await expect(claimCredential(db(), b, bash.id, { environmentId: env.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "All test accounts for Staging are taken. Ask a facilitator to add more.",
    });
  });

  it("observers cannot claim; outsiders get NOT_FOUND; an environment of another bash is NOT_FOUND", async () => {
    const { fac, bash, env } = await setup(["only,S1"]);
    const observer = await member(bash.id, "OBSERVER");
    const outsider = await makeUser(db());
    const admin = await makeUser(db(), { isAdmin: true });
    await expect(claimCredential(db(), observer, bash.id, { environmentId: env.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(claimCredential(db(), admin, bash.id, { environmentId: env.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(claimCredential(db(), outsider, bash.id, { environmentId: env.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const other = await createBash(db(), fac, { title: "Other bash" });
    const otherEnv = await db().environment.create({ data: { bashId: other.id, name: "Other staging" } });
    await addCredentials(db(), fac, other.id, { environmentId: otherEnv.id, text: "theirs,T1" });
    const p = await member(bash.id, "PARTICIPANT");
    await expect(claimCredential(db(), p, bash.id, { environmentId: otherEnv.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().testCredential.count({ where: { claimedById: { not: null } } })).toBe(0);
  });

  for (const n of [2, 10]) {
    it(`the race: ${n} participants claim the last account at the same instant; exactly one gets it`, async () => {
      const { bash, env } = await setup(["last,LastSecret"]);
      const people = await Promise.all(Array.from({ length: n }, () => member(bash.id, "PARTICIPANT")));
      const results = await Promise.allSettled(people.map((p) => claimCredential(db(), p, bash.id, { environmentId: env.id })));
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(n - 1);
      for (const l of lost) expect(l.reason).toMatchObject({ code: "CONFLICT" });
      const winner = people[results.findIndex((r) => r.status === "fulfilled")];
      const rows = await db().testCredential.findMany({ where: { environmentId: env.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0].claimedById).toBe(winner.id);
      expect(await db().activity.count({ where: { type: "credential.claimed" } })).toBe(1);
    });
  }

  it("the race: as many free accounts as claimers, everyone gets a different one", async () => {
    const { bash, env } = await setup(accountsNamed(8));
    const people = await Promise.all(Array.from({ length: 8 }, () => member(bash.id, "PARTICIPANT")));
    const got = await Promise.all(people.map((p) => claimCredential(db(), p, bash.id, { environmentId: env.id })));
    expect(new Set(got.map((c) => c.id)).size).toBe(8);
    const rows = await db().testCredential.findMany({ where: { environmentId: env.id } });
    expect(new Set(rows.map((r) => r.claimedById)).size).toBe(8);
  });

  it("the same person firing 5 claims at once ends up with exactly one account", async () => {
    const { bash, env } = await setup(accountsNamed(3));
    const p = await member(bash.id, "PARTICIPANT");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => claimCredential(db(), p, bash.id, { environmentId: env.id })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const ids = new Set(results.map((r) => (r.status === "fulfilled" ? r.value.id : "")));
    expect(ids.size).toBe(1);
    expect(await db().testCredential.count({ where: { claimedById: p.id } })).toBe(1);
    expect(await db().testCredential.count({ where: { claimedById: null } })).toBe(2);
  });

  it("several people each firing 5 claims at once: one account each", async () => {
    const { bash, env } = await setup(accountsNamed(20));
    const people = await Promise.all(Array.from({ length: 4 }, () => member(bash.id, "PARTICIPANT")));
    const calls = people.flatMap((p) => Array.from({ length: 5 }, () => claimCredential(db(), p, bash.id, { environmentId: env.id })));
    const got = await Promise.all(calls);
    for (const [i, p] of people.entries()) {
      expect(new Set(got.slice(i * 5, i * 5 + 5).map((c) => c.id)).size).toBe(1);
      expect(await db().testCredential.count({ where: { claimedById: p.id } })).toBe(1);
    }
    expect(await db().testCredential.count({ where: { claimedById: null } })).toBe(16);
  });
});

describe("credentials: releasing and removing", () => {
  it("the claimer releases; then someone else can claim it", async () => {
    const { bash, env } = await setup(["only,S1"]);
    const a = await member(bash.id, "PARTICIPANT");
    const b = await member(bash.id, "PARTICIPANT");
    const c = await claimCredential(db(), a, bash.id, { environmentId: env.id });
    await expect(claimCredential(db(), b, bash.id, { environmentId: env.id })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(releaseCredential(db(), a, bash.id, { credentialId: c.id })).resolves.toEqual({ released: true });
    // Releasing again is harmless.
    await expect(releaseCredential(db(), a, bash.id, { credentialId: c.id })).resolves.toEqual({ released: false });
    await expect(claimCredential(db(), b, bash.id, { environmentId: env.id })).resolves.toMatchObject({ id: c.id, secret: "S1" });
    expect((await db().testCredential.findUniqueOrThrow({ where: { id: c.id } })).claimedById).toBe(b.id);
    expect(await db().activity.count({ where: { type: "credential.released", entityId: c.id } })).toBe(1);
  });

  it("a facilitator may release anyone's; a participant may not release another's", async () => {
    const { fac, bash, env } = await setup(["one,S1", "two,S2"]);
    const a = await member(bash.id, "PARTICIPANT");
    const b = await member(bash.id, "PARTICIPANT");
    const observer = await member(bash.id, "OBSERVER");
    const admin = await makeUser(db(), { isAdmin: true });
    const outsider = await makeUser(db());
    const ca = await claimCredential(db(), a, bash.id, { environmentId: env.id });
    await expect(releaseCredential(db(), b, bash.id, { credentialId: ca.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(releaseCredential(db(), observer, bash.id, { credentialId: ca.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(releaseCredential(db(), admin, bash.id, { credentialId: ca.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(releaseCredential(db(), outsider, bash.id, { credentialId: ca.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().testCredential.findUniqueOrThrow({ where: { id: ca.id } })).claimedById).toBe(a.id);

    await expect(releaseCredential(db(), fac, bash.id, { credentialId: ca.id })).resolves.toEqual({ released: true });
    expect((await db().testCredential.findUniqueOrThrow({ where: { id: ca.id } })).claimedById).toBeNull();
    const act = await db().activity.findFirstOrThrow({ where: { type: "credential.released" } });
    expect(act).toMatchObject({ actorId: fac.id, data: { claimedById: a.id } });
  });

  it("a credential of another bash is NOT_FOUND, even for its facilitator elsewhere", async () => {
    const { fac, bash } = await setup();
    const other = await createBash(db(), fac, { title: "Other bash" });
    const otherEnv = await db().environment.create({ data: { bashId: other.id, name: "Other staging" } });
    await addCredentials(db(), fac, other.id, { environmentId: otherEnv.id, text: "theirs,T1" });
    const cred = await db().testCredential.findFirstOrThrow();
    await expect(releaseCredential(db(), fac, bash.id, { credentialId: cred.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeCredential(db(), fac, bash.id, { credentialId: cred.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().testCredential.count()).toBe(1);
  });

  it("a stale release does not clear somebody else's newer claim", async () => {
    const { fac, bash, env } = await setup(["only,S1"]);
    const a = await member(bash.id, "PARTICIPANT");
    const b = await member(bash.id, "PARTICIPANT");
    const c = await claimCredential(db(), a, bash.id, { environmentId: env.id });
    await releaseCredential(db(), a, bash.id, { credentialId: c.id });
    await claimCredential(db(), b, bash.id, { environmentId: env.id });
    // a's second click on "release" arrives late: it is no longer a's to release.
    await expect(releaseCredential(db(), a, bash.id, { credentialId: c.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db().testCredential.findUniqueOrThrow({ where: { id: c.id } })).claimedById).toBe(b.id);
    await expect(releaseCredential(db(), fac, bash.id, { credentialId: c.id })).resolves.toEqual({ released: true });
  });

  it("only facilitators remove accounts", async () => {
    const { fac, bash, env } = await setup(["one,S1", "two,S2"]);
    const p = await member(bash.id, "PARTICIPANT");
    const mine = await claimCredential(db(), p, bash.id, { environmentId: env.id });
    await expect(removeCredential(db(), p, bash.id, { credentialId: mine.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(removeCredential(db(), fac, bash.id, { credentialId: mine.id })).resolves.toEqual({ removed: true });
    await expect(removeCredential(db(), fac, bash.id, { credentialId: mine.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db().testCredential.findMany()).map((c) => c.username)).toEqual(["two"]);
    expect(await db().activity.count({ where: { type: "credential.removed", entityId: mine.id } })).toBe(1);
  });
});

describe("credentials: the pool view", () => {
  it("secrets are visible only to their claimer and to facilitators", async () => {
    const { fac, bash, env } = await setup(["alpha@example.com,AlphaSecret,first", "beta@example.com,BetaSecret", "gamma@example.com,GammaSecret"]);
    const prod = await db().environment.create({ data: { bashId: bash.id, name: "Production", position: 0 } });
    await addCredentials(db(), fac, bash.id, { environmentId: prod.id, text: "prod-user,ProdSecret" });
    const a = await member(bash.id, "PARTICIPANT", "Ann");
    const b = await member(bash.id, "PARTICIPANT", "Ben");
    const observer = await member(bash.id, "OBSERVER");
    const admin = await makeUser(db(), { isAdmin: true });
    const outsider = await makeUser(db());
    await claimCredential(db(), a, bash.id, { environmentId: env.id });
    await claimCredential(db(), b, bash.id, { environmentId: env.id });

    // Facilitator: every account, with secrets and who holds it; environments in position order.
    const facView = await listCredentialPool(db(), fac, bash.id);
    expect(facView.map((e) => [e.environmentName, e.total, e.free])).toEqual([
      ["Production", 1, 1],
      ["Staging", 3, 1],
    ]);
    const staging = facView[1];
    expect(staging.mine).toBeNull();
    expect(staging.accounts.map((x) => [x.username, x.secret, x.claimedBy?.name ?? null])).toEqual([
      ["alpha@example.com", "AlphaSecret", "Ann"],
      ["beta@example.com", "BetaSecret", "Ben"],
      ["gamma@example.com", "GammaSecret", null],
    ]);
    expect(staging.accounts[0]).toMatchObject({ notes: "first", claimedBy: { id: a.id }, claimedAt: expect.any(Date) });

    // Participant: counts and only their own claim.
    const annView = await listCredentialPool(db(), a, bash.id);
    const annStaging = annView.find((e) => e.environmentId === env.id);
    expect(annStaging).toMatchObject({
      total: 3,
      free: 1,
      accounts: [],
      mine: { username: "alpha@example.com", secret: "AlphaSecret", notes: "first" },
    });
    expect(annView.find((e) => e.environmentId === prod.id)).toMatchObject({ total: 1, free: 1, mine: null, accounts: [] });
    const annJson = JSON.stringify(annView);
    for (const s of ["BetaSecret", "GammaSecret", "ProdSecret", "beta@example.com", "gamma@example.com", "prod-user"]) expect(annJson).not.toContain(s);

    // Observer and a non-member admin: counts only, no secrets at all.
    for (const viewer of [observer, admin]) {
      const view = await listCredentialPool(db(), viewer, bash.id);
      expect(view.map((e) => [e.total, e.free, e.mine, e.accounts])).toEqual([
        [1, 1, null, []],
        [3, 1, null, []],
      ]);
      expect(JSON.stringify(view)).not.toMatch(/Secret/);
    }

    await expect(listCredentialPool(db(), outsider, bash.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listCredentialPool(db(), fac, "no-such-bash")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

// A bash of many reports for the triage benchmarks: the same rows bench/triage.ts seeds (5 features,
// half from phones, every status and priority), with one facilitator who may sign in when given a
// password hash, and optionally `people` participants.
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const TRIAGE_STATUSES = ["OPEN", "NEEDS_INFO", "CONFIRMED", "NOT_A_BUG", "DUPLICATE", "IN_PROGRESS", "DONE"] as const;

/** The seeded title of report `number` (1-based). */
export const seededTitle = (number: number) =>
  `Report ${number}: the ${["pay button", "search box", "avatar", "cart total", "coupon"][(number - 1) % 5]} misbehaves`;

export async function seedTriageBash(
  db: PrismaClient,
  opts: { reports: number; email?: string; name?: string; passwordHash?: string; people?: number },
): Promise<{ user: { id: string; name: string; email: string }; bash: { id: string; title: string } }> {
  const { reports } = opts;
  const user = await db.user.create({
    data: { email: opts.email ?? "bench@example.com", name: opts.name ?? "Bench Triager", passwordHash: opts.passwordHash ?? null },
  });
  const bash = await db.bash.create({ data: { title: "Bench bash", status: "ENDED", reportCounter: reports } });
  await db.membership.create({ data: { bashId: bash.id, userId: user.id, role: "FACILITATOR" } });
  // Participants for the live console's people list (two in three seen a minute ago, the rest never).
  if (opts.people) {
    const seen = new Date(Date.now() - 60_000);
    await db.user.createMany({ data: Array.from({ length: opts.people }, (_, i) => ({ email: `participant-${i}@bench.invalid`, name: `Participant ${i + 1}` })) });
    const people = await db.user.findMany({ where: { email: { endsWith: "@bench.invalid" } }, select: { id: true }, orderBy: { email: "asc" } });
    await db.membership.createMany({
      data: people.map((p, i) => ({ bashId: bash.id, userId: p.id, role: "PARTICIPANT" as const, lastSeenAt: i % 3 ? seen : null })),
    });
  }
  const features = await Promise.all(
    ["Checkout", "Search", "Account", "Cart", "Payments"].map((m, i) => db.feature.create({ data: { bashId: bash.id, menuName: m, position: i } })),
  );
  await db.report.createMany({
    data: Array.from({ length: reports }, (_, i) => ({
      bashId: bash.id,
      number: i + 1,
      clientId: `bench-${i}`,
      featureId: features[i % features.length].id,
      title: seededTitle(i + 1),
      description: "Something is off. ".repeat(8),
      steps: "1. Open the page\n2. Tap the thing\n3. See the problem",
      expected: "It works",
      actual: "It does not",
      status: TRIAGE_STATUSES[i % TRIAGE_STATUSES.length] === "DUPLICATE" ? "OPEN" : TRIAGE_STATUSES[i % TRIAGE_STATUSES.length],
      priority: (["P1", "P2", "P3", "P4", null] as const)[i % 5],
      os: i % 2 ? "Windows" : "Android",
      osVersion: "11",
      browser: i % 2 ? "Chrome" : "",
      phoneName: i % 2 ? "" : "Pixel 8",
      deviceKind: i % 2 ? "WEB" : "MOBILE",
      reporterId: user.id,
      reporterName: user.name,
    })),
  });
  return { user: { id: user.id, name: user.name, email: user.email }, bash: { id: bash.id, title: bash.title } };
}

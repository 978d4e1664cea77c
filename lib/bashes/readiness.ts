// The readiness checklist on the plan page: two items ticked by hand, the rest read from the plan.
export type ReadinessItem = { key: string; label: string; done: boolean; hint: string; manual?: "releaseTicketsDone" | "testDataReady" };

export function computeReadiness(p: {
  releaseTicketsDone: boolean;
  testDataReady: boolean;
  facilitatorCount: number;
  environments: { isUp: boolean; iosBuildUrl: string; androidBuildUrl: string }[];
  invitesSent: number;
  hasMobile: boolean;
}): { items: ReadinessItem[]; done: number; total: number; percent: number } {
  const envs = p.environments;
  const items: ReadinessItem[] = [
    { key: "tickets", label: "Release tickets done by QA and Dev", done: p.releaseTicketsDone, hint: "Tick when every ticket in the release is QA- and Dev-done.", manual: "releaseTicketsDone" },
    {
      key: "facilitators",
      label: "Two facilitators named",
      done: p.facilitatorCount >= 2,
      hint: p.facilitatorCount >= 2 ? `${p.facilitatorCount} facilitators.` : "Invite a second facilitator, ideally another QA, or make a member one.",
    },
    {
      key: "environment",
      label: "Environment up",
      done: envs.length > 0 && envs.every((e) => e.isUp),
      hint: envs.length === 0 ? "Add the environment people will test." : "Mark each environment as up once you have checked it.",
    },
    { key: "testData", label: "Test data ready", done: p.testDataReady, hint: "Tick when accounts and data are loaded.", manual: "testDataReady" },
    { key: "invites", label: "Invites sent", done: p.invitesSent > 0, hint: p.invitesSent > 0 ? `${p.invitesSent} invites.` : "Send invites by email or share an invite link." },
    {
      key: "builds",
      label: "Builds linked",
      done: !p.hasMobile || envs.some((e) => e.iosBuildUrl || e.androidBuildUrl),
      hint: !p.hasMobile ? "No mobile app in this bash." : "Add the iOS and Android build links to an environment.",
    },
  ];
  const done = items.filter((i) => i.done).length;
  return { items, done, total: items.length, percent: Math.round((done / items.length) * 100) };
}

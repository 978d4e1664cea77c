import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { BashStatusChip } from "@/components/bashes/status-chip";
import { ArchiveCard } from "@/components/archive/archive-card";
import { ChatCard } from "@/components/plan/chat-card";
import { Coverage } from "@/components/plan/coverage";
import { DetailsForm, PrerequisitesForm } from "@/components/plan/details";
import { Environments } from "@/components/plan/environments";
import { Features } from "@/components/plan/features";
import { Invites, type InviteRow } from "@/components/plan/invites";
import { People, RsvpCounts } from "@/components/plan/people";
import { Readiness } from "@/components/plan/readiness";
import { Section } from "@/components/plan/section";
import { LiveRefresh } from "@/components/realtime/use-bash-events";
import { StatusControls } from "@/components/plan/status-controls";
import { LocalTime } from "@/components/ui/local-time";
import { btn } from "@/components/ui/styles";
import { bashActionBinder } from "@/lib/action";
import { requireActor } from "@/lib/auth";
import { getArchiveInfo } from "@/lib/bashes/archive";
import { bashAsInput } from "@/lib/bashes/commands";
import { getPlan } from "@/lib/bashes/plan";
import { getChatSettings } from "@/lib/chat/commands";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { smtpConfigured } from "@/lib/mail/mailer";
import * as A from "../actions";
import { loadOr404 } from "../load";
import * as AR from "../archive-actions";
import * as CA from "./chat-actions";

export const metadata: Metadata = { title: "Plan" };

const NAV = [
  ["readiness", "Readiness"],
  ["people", "People"],
  ["invites", "Invites"],
  ["coverage", "Coverage"],
  ["details", "Details"],
  ["environments", "Environments"],
  ["features", "Features"],
  ["prerequisites", "Prerequisites"],
  ["chat", "Team chat"],
  ["archive", "Archive"],
] as const;

export default async function PlanPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const plan = await loadOr404(async () => {
    try {
      return await getPlan(getDb(), actor, bashId);
    } catch (e) {
      // Not allowed to edit, or archived (read-only): the bash page says why.
      if (isAppError(e) && (e.code === "FORBIDDEN" || e.code === "CONFLICT")) return null;
      throw e;
    }
  });
  if (!plan) redirect(`/bashes/${bashId}`);
  const { bash } = plan;
  const chat = await getChatSettings(getDb(), actor, bashId);
  const archive = await getArchiveInfo(getDb(), actor, bashId);
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((tz) => tz !== "UTC")];
  const b = bashActionBinder(bashId);
  const invites: InviteRow[] = plan.invites.map((i) => ({
    id: i.id,
    role: i.role,
    email: i.email,
    uses: i.uses,
    maxUses: i.maxUses,
    expiresAt: i.expiresAt?.toISOString() ?? null,
    revokedAt: i.revokedAt?.toISOString() ?? null,
    createdBy: i.createdBy?.name ?? null,
    state: i.state,
  }));
  const outboxAttention = (plan.outboxCounts.OUTBOX ?? 0) + (plan.outboxCounts.FAILED ?? 0);

  return (
    <div className="space-y-5">
      {/* Answers, devices, access requests and claims from participants appear without a reload. */}
      <LiveRefresh bashId={bashId} since={plan.lastEventId} types={["rsvp", "device.", "access.", "invite.accepted", "credential.", "member."]} />
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-2 text-sm">
        <Link href="/" className="text-accent-700 underline-offset-2 hover:underline">
          My bashes
        </Link>
        <span aria-hidden="true">/</span>
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">Plan: {bash.title}</h1>
            <BashStatusChip status={bash.status} />
          </div>
          <p className="text-sm text-zinc-700">
            {bash.scheduledStart ? <LocalTime iso={bash.scheduledStart.toISOString()} /> : "No start time yet"} · {bash.durationMinutes} min
            {bash.location ? ` · ${bash.location}` : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {bash.status !== "DRAFT" ? (
            <Link href={`/bashes/${bashId}/live`} className={btn.primary}>
              Live console
            </Link>
          ) : null}
          <Link href={`/bashes/${bashId}/kickoff`} className={btn.secondary}>
            Kickoff view
          </Link>
          <Link href={`/bashes/${bashId}`} className={btn.secondary}>
            Participant view
          </Link>
          {bash.scheduledStart ? (
            <a href={`/api/bashes/${bashId}/calendar`} className={btn.secondary}>
              Calendar invite (.ics)
            </a>
          ) : null}
          <Link href={`/bashes/${bashId}/spreadsheet`} className={btn.secondary}>
            Spreadsheet
          </Link>
          <Link href={`/bashes/${bashId}/plan/outbox`} className={btn.secondary}>
            Outbox{outboxAttention ? ` (${outboxAttention})` : ""}
          </Link>
          {archive.canAudit ? (
            <Link href={`/bashes/${bashId}/audit`} className={btn.secondary}>
              Audit log
            </Link>
          ) : null}
          <StatusControls status={bash.status} action={b(A.setStatusAction)} />
        </div>
      </header>

      <nav aria-label="Plan sections" className="-mx-4 overflow-x-auto border-y border-zinc-200 bg-white px-4 py-1">
        <ul className="flex gap-1 whitespace-nowrap text-sm">
          {NAV.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`} className="inline-flex min-h-11 items-center rounded px-2 font-medium text-zinc-700 hover:bg-zinc-200">
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="grid gap-5 lg:grid-cols-2">
        <Section id="readiness" title="Readiness">
          <Readiness {...plan.readiness} toggle={b(A.setReadinessAction)} />
        </Section>
        <Section id="people" title={`People (${plan.members.length})`}>
          <div className="space-y-4">
            <RsvpCounts counts={plan.rsvpCounts} />
            <People
              members={plan.members}
              openRequests={plan.openAccessRequests}
              waitingOn={plan.waitingOn}
              resolve={b(A.resolveAccessAction)}
              remind={b(A.sendRemindersAction)}
              setRole={b(A.setMemberRoleAction)}
              meId={actor.id}
            />
          </div>
        </Section>
      </div>

      <Section id="invites" title="Invites" description="Invite links carry a role; a client representative joins as an observer.">
        <Invites
          createLink={b(A.createInviteLinkAction)}
          inviteByEmail={b(A.inviteByEmailAction)}
          revoke={b(A.revokeInviteAction)}
          invites={invites}
          smtp={smtpConfigured()}
          outboxHref={`/bashes/${bashId}/plan/outbox`}
          outboxCount={outboxAttention}
        />
      </Section>

      <Section id="coverage" title="Planned coverage" description="Combinations that must be tested, against the devices of people who said they are going.">
        <Coverage rows={plan.coverage} add={b(A.addCoverageTargetAction)} remove={b(A.removeCoverageTargetAction)} />
      </Section>

      <Section id="details" title="Details and scope">
        <DetailsForm action={b(A.updateBashAction)} values={bashAsInput(bash)} timeZones={timeZones} />
      </Section>

      <Section id="environments" title="Environments and test accounts">
        <Environments
          envs={bash.environments}
          pools={plan.credentials}
          create={b(A.createEnvironmentAction)}
          update={Object.fromEntries(bash.environments.map((e) => [e.id, A.updateEnvironmentAction.bind(null, bashId, e.id)]))}
          remove={b(A.deleteEnvironmentAction)}
          move={b(A.moveEnvironmentAction)}
          addCredentials={Object.fromEntries(bash.environments.map((e) => [e.id, A.addCredentialsAction.bind(null, bashId, e.id)]))}
          releaseCredential={b(A.releaseCredentialAction)}
          removeCredential={b(A.removeCredentialAction)}
        />
      </Section>

      <Section id="features" title="Features under test" description="The menus and what is released in each, in the order people should test them.">
        <Features
          features={bash.features}
          create={b(A.createFeatureAction)}
          update={Object.fromEntries(bash.features.map((f) => [f.id, A.updateFeatureAction.bind(null, bashId, f.id)]))}
          remove={b(A.deleteFeatureAction)}
          move={b(A.moveFeatureAction)}
        />
      </Section>

      <Section id="prerequisites" title="Prerequisites">
        <PrerequisitesForm action={b(A.updateBashAction)} web={bash.prerequisitesWeb} mobile={bash.prerequisitesMobile} />
      </Section>

      <ChatCard host={chat.host} posts={chat.posts} save={b(CA.setChatWebhookAction)} sendTest={b(CA.sendChatTestAction)} retry={b(CA.retryChatPostAction)} />

      <ArchiveCard {...archive} archive={b(AR.archiveBashAction)} unarchive={b(AR.unarchiveBashAction)} remove={b(AR.deleteBashAction)} />
    </div>
  );
}

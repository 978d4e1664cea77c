import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { ReportForm } from "@/components/reports/report-form";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { deviceFromUserAgent } from "@/lib/devices/user-agent";
import { reportingClosedReason } from "@/lib/reports/commands";
import { getReportFormData } from "@/lib/reports/queries";
import * as L from "../live-actions";
import { loadOr404 } from "../load";

export const metadata: Metadata = { title: "Report a bug" };

export default async function ReportPage({ params }: { params: Promise<{ bashId: string }> }) {
  const { bashId } = await params;
  const actor = await requireActor();
  const { bash, devices } = await loadOr404(() => getReportFormData(getDb(), actor, bashId));
  const detected = deviceFromUserAgent((await headers()).get("user-agent"));
  const bind = <T,>(fn: (bashId: string, input: Record<string, unknown>) => Promise<T>) => fn.bind(null, bashId);
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={`/bashes/${bashId}`} className="text-accent-700 underline-offset-2 hover:underline">
          {bash.title}
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">Report a bug</h1>
      <p className="text-sm text-zinc-700">
        Filed as <strong>{actor.name}</strong>. Your device is filled in; only the title is required.
      </p>
      <ReportForm
        bashId={bashId}
        features={bash.features}
        environments={bash.environments}
        devices={devices}
        detected={{ ...detected, os: detected.os ?? "", osVersion: detected.osVersion ?? "", browser: detected.browser ?? "", browserVersion: detected.browserVersion ?? "", phoneName: detected.phoneName ?? "" }}
        closedReason={reportingClosedReason(bash.status)}
        similarAction={bind(L.findSimilarAction)}
        meTooAction={bind(L.addMeTooAction)}
        presenceAction={bind(L.presenceAction)}
      />
    </div>
  );
}

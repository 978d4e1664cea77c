import type { Metadata } from "next";
import { NewBashForm } from "@/components/bashes/new-bash-form";
import { card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";

export const metadata: Metadata = { title: "New bash" };

export default async function NewBashPage() {
  await requireActor();
  const timeZones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((tz) => tz !== "UTC")];
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">New bash</h1>
        <p className="text-zinc-700">Start with the basics; you can add environments, features and invites next.</p>
      </div>
      <div className={`${card} p-4 sm:p-6`}>
        <NewBashForm timeZones={timeZones} />
      </div>
    </div>
  );
}

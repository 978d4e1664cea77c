import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/lib/db";
import { countUsers } from "@/lib/users/commands";

export const metadata: Metadata = { title: "Set up Bashboard" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers(getDb())) > 0) redirect("/signin");
  return (
    <>
      <h1 className="text-xl font-semibold">Welcome to Bashboard</h1>
      <p className="mt-1 text-sm text-zinc-700">Create the first account. It becomes this Bashboard&apos;s admin.</p>
      <SetupForm />
    </>
  );
}

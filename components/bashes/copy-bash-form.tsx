"use client";

import { useRouter } from "next/navigation";
import { copyBashAction } from "@/app/(app)/actions";
import { ActionForm, AField, ASelect } from "@/components/ui/action-form";
import { btn } from "@/components/ui/styles";

export function CopyBashForm({ sources }: { sources: { id: string; label: string }[] }) {
  const router = useRouter();
  return (
    <ActionForm
      action={copyBashAction}
      submitLabel="Copy plan"
      pendingLabel="Copying…"
      submitClassName={btn.secondary}
      ariaLabel="Copy from a past bash"
      onSuccess={(d) => router.push(`/bashes/${(d as { bashId: string }).bashId}/plan`)}
    >
      <ASelect label="Copy the plan of" name="sourceBashId" options={sources.map((s) => ({ value: s.id, label: s.label }))} />
      <AField label="Title of the new bash" name="title" placeholder="Checkout 2.5 bug bash" />
    </ActionForm>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { loadDemoAction } from "@/app/(app)/actions";
import { FormError } from "@/components/ui/field";
import { btn } from "@/components/ui/styles";

export function LoadDemoButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={btn.secondary}
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const res = await loadDemoAction();
          if (!res.ok) {
            setPending(false);
            setError(res.message);
            return;
          }
          router.push(`/bashes/${res.data.bashId}`);
          router.refresh();
        }}
      >
        {pending ? "Loading demo data…" : "Load demo data"}
      </button>
      <FormError message={error} />
    </div>
  );
}

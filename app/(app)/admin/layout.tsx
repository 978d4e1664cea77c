import { notFound } from "next/navigation";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireActor } from "@/lib/auth";

// Layouts and pages render in parallel: every admin page checks for itself too.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  if (!actor.isAdmin) notFound();
  return (
    <div className="mx-auto max-w-5xl space-y-5">
      <div className="space-y-3">
        <p className="text-sm font-semibold uppercase tracking-wide text-zinc-600">Administration</p>
        <AdminNav />
      </div>
      {children}
    </div>
  );
}

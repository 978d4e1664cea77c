import { AppHeader } from "@/components/shell/app-header";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { countUnread } from "@/lib/notifications/queries";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  const unread = await countUnread(getDb(), actor);
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <AppHeader user={actor} unread={unread} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

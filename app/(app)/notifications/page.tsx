import type { Metadata } from "next";
import { NotificationLink } from "@/components/shell/notification-link";
import { ActionButton } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card } from "@/components/ui/styles";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { listNotifications } from "@/lib/notifications/queries";
import { markAllReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const actor = await requireActor();
  const items = await listNotifications(getDb(), actor);
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
        {unread ? (
          <ActionButton action={markAllReadAction as never} className={btn.secondary}>
            Mark all as read
          </ActionButton>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className={`${card} p-6 text-center text-zinc-700`}>Nothing yet. Schedule changes, answers to your requests and questions about your reports show up here.</p>
      ) : (
        <ul className={`${card} divide-y divide-zinc-100`}>
          {items.map((n) => (
            <li key={n.id}>
              <NotificationLink id={n.id} url={n.url} className="block px-4 py-3 hover:bg-zinc-50">
                <span className="flex flex-wrap items-baseline justify-between gap-2">
                  <span className={n.readAt ? "text-zinc-800" : "font-semibold text-zinc-900"}>
                    {n.readAt ? null : <span className="sr-only">Unread: </span>}
                    {n.readAt ? null : <span aria-hidden="true" className="mr-2 inline-block size-2 rounded-full bg-accent-600" />}
                    {n.title}
                  </span>
                  <span className="text-xs text-zinc-600">
                    <LocalTime iso={n.createdAt.toISOString()} />
                  </span>
                </span>
                {n.body ? <span className="mt-0.5 block break-words text-sm text-zinc-700">{n.body}</span> : null}
                {n.bash ? <span className="mt-0.5 block text-xs text-zinc-600">{n.bash.title}</span> : null}
              </NotificationLink>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InviteUserForm, UserActions } from "@/components/admin/users-admin";
import { LocalTime } from "@/components/ui/local-time";
import { btn, card, input as inputClass, label as labelClass } from "@/components/ui/styles";
import { listUsers } from "@/lib/admin/queries";
import { USER_FILTERS, type UserFilter, type UserStatus } from "@/lib/admin/schema";
import { requireActor } from "@/lib/auth";
import { getDb } from "@/lib/db";
import { smtpConfigured } from "@/lib/mail/mailer";
import { deactivateUserAction, inviteUserAction, passwordLinkAction, reactivateUserAction, setAdminAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

const FILTER_LABEL: Record<UserFilter, string> = { all: "Everyone", active: "Active", invited: "Invited", deactivated: "Deactivated", admins: "Admins" };

const STATUS_STYLE: Record<UserStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  invited: { label: "Invited", className: "bg-amber-50 text-amber-900 ring-amber-200" },
  deactivated: { label: "Deactivated", className: "bg-zinc-100 text-zinc-700 ring-zinc-300" },
};

const chip = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset";

function pageHref(q: string, status: string, page: number) {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (status !== "all") p.set("status", status);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `/admin/users?${s}` : "/admin/users";
}

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor();
  if (!actor.isAdmin) notFound();
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const list = await listUsers(getDb(), actor, { q: one(sp.q) ?? "", status: one(sp.status) ?? "all", page: one(sp.page) ?? "1" });
  const smtp = smtpConfigured();
  const first = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const last = (list.page - 1) * list.pageSize + list.users.length;
  const filtered = list.q !== "" || list.status !== "all";

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="text-zinc-700">Everyone with an account on this Bashboard. Deactivated people cannot sign in; their reports keep their name.</p>
      </div>

      <section aria-labelledby="invite-h" className={`${card} space-y-3 p-4 sm:p-6`}>
        <h2 id="invite-h" className="text-lg font-semibold">
          Invite a user
        </h2>
        <InviteUserForm action={inviteUserAction} smtp={smtp} />
      </section>

      <section aria-labelledby="people-h" className="space-y-3">
        <h2 id="people-h" className="sr-only">
          People
        </h2>
        <form method="get" action="/admin/users" role="search" aria-label="Find users" className={`${card} grid gap-3 p-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end`}>
          <div className="space-y-1">
            <label htmlFor="users-q" className={labelClass}>
              Name or email
            </label>
            <input id="users-q" name="q" type="search" defaultValue={list.q} className={inputClass} placeholder="ana@example.com" />
          </div>
          <div className="space-y-1">
            <label htmlFor="users-status" className={labelClass}>
              Show
            </label>
            <select id="users-status" name="status" defaultValue={list.status} className={inputClass}>
              {USER_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {FILTER_LABEL[f]}
                </option>
              ))}
            </select>
          </div>
          <div className="flex gap-2">
            <button type="submit" className={btn.primary}>
              Search
            </button>
            {filtered ? (
              <Link href="/admin/users" className={btn.ghost}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>

        <p className="text-sm text-zinc-700" aria-live="polite">
          {list.total === 0
            ? filtered
              ? "Nobody matches that search."
              : "No users yet."
            : `Showing ${first === last ? first : `${first}–${last}`} of ${list.total}${filtered ? ` matching (${list.all} in all)` : ""}.`}
        </p>

        {list.users.length ? (
          <ul className={`${card} divide-y divide-zinc-100`} aria-label="Users">
            {list.users.map((u) => {
              const status = STATUS_STYLE[u.status];
              const isSelf = u.id === actor.id;
              return (
                <li key={u.id} className="grid gap-3 p-4 md:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
                  <div className="min-w-0 space-y-1">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-semibold text-zinc-900">{u.name}</span>
                      {isSelf ? <span className="text-sm text-zinc-600">(you)</span> : null}
                      <span className={`${chip} ${status.className}`}>{status.label}</span>
                      {u.isAdmin ? <span className={`${chip} bg-accent-50 text-accent-800 ring-accent-100`}>Admin</span> : null}
                    </p>
                    <p className="break-all text-sm text-zinc-700">{u.email}</p>
                    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-zinc-600">
                      <div className="flex gap-1">
                        <dt>Last sign-in:</dt>
                        <dd>{u.lastSignInAt ? <LocalTime iso={u.lastSignInAt.toISOString()} /> : u.providers.length ? `with ${u.providers.join(", ")}` : "never"}</dd>
                      </div>
                      <div className="flex gap-1">
                        <dt>Bashes:</dt>
                        <dd>{u.bashes}</dd>
                      </div>
                      {u.deactivatedAt ? (
                        <div className="flex gap-1">
                          <dt>Deactivated:</dt>
                          <dd>
                            <LocalTime iso={u.deactivatedAt.toISOString()} withTime={false} />
                          </dd>
                        </div>
                      ) : null}
                    </dl>
                  </div>
                  <UserActions
                    user={{ id: u.id, name: u.name, isAdmin: u.isAdmin, status: u.status }}
                    isSelf={isSelf}
                    smtp={smtp}
                    passwordLink={passwordLinkAction}
                    setAdmin={setAdminAction}
                    deactivate={deactivateUserAction}
                    reactivate={reactivateUserAction}
                  />
                </li>
              );
            })}
          </ul>
        ) : null}

        {list.pages > 1 ? (
          <nav aria-label="Pages of users" className="flex items-center justify-between gap-3">
            {list.page > 1 ? (
              <Link href={pageHref(list.q, list.status, list.page - 1)} className={btn.secondary}>
                Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="text-sm text-zinc-700">
              Page {list.page} of {list.pages}
            </span>
            {list.page < list.pages ? (
              <Link href={pageHref(list.q, list.status, list.page + 1)} className={btn.secondary}>
                Next
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

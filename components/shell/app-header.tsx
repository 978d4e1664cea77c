import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { SignOutButton } from "@/components/shell/sign-out-button";

export function AppHeader({ user, unread = 0 }: { user: { name: string; email: string; isAdmin: boolean }; unread?: number }) {
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4">
        <Link href="/" className="mr-2 rounded">
          <Logo />
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <Link href="/" className="hidden rounded px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100 sm:inline-block">
            My bashes
          </Link>
          <Link href="/bashes/new" className="whitespace-nowrap rounded px-3 py-2 text-sm font-medium text-zinc-700 hover:bg-zinc-100">
            New bash
          </Link>
        </nav>
        <form action="/search" method="get" role="search" className="ml-auto hidden md:block">
          <label htmlFor="header-search" className="sr-only">
            Search reports
          </label>
          <input
            id="header-search"
            name="q"
            type="search"
            placeholder="Search reports"
            className="h-9 w-56 rounded-md border border-zinc-300 px-3 text-sm focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-200"
          />
        </form>
        <Link href="/search" className="ml-auto grid size-11 place-items-center rounded-full text-zinc-700 hover:bg-zinc-100 md:hidden" aria-label="Search reports">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
            <circle cx="11" cy="11" r="7" />
            <path d="m20 20-3.5-3.5" />
          </svg>
        </Link>
        <Link
          href="/notifications"
          className="relative grid size-11 place-items-center rounded-full text-zinc-700 hover:bg-zinc-100"
          aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
            <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
          </svg>
          {unread ? (
            <span aria-hidden="true" className="absolute right-1 top-1 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-bold leading-5 text-white">
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </Link>
        <details className="relative">
          <summary
            className="flex min-h-11 cursor-pointer list-none items-center gap-2 rounded-full px-1 py-1 hover:bg-zinc-100 [&::-webkit-details-marker]:hidden"
            aria-label={`Account menu for ${user.name}`}
          >
            <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-full bg-accent-100 text-xs font-bold text-accent-800">
              {initials}
            </span>
            <span className="hidden max-w-40 truncate text-sm font-medium sm:inline">{user.name}</span>
          </summary>
          <div className="absolute right-0 mt-2 w-60 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg">
            <div className="border-b border-zinc-100 px-3 py-2">
              <p className="truncate text-sm font-semibold">{user.name}</p>
              <p className="truncate text-xs text-zinc-600">{user.email}</p>
              {user.isAdmin ? <p className="mt-1 text-xs font-semibold text-accent-700">Admin</p> : null}
            </div>
            <Link href="/account" className="block rounded px-3 py-2 text-sm hover:bg-zinc-100">
              My account
            </Link>
            <Link href="/account/tokens" className="block rounded px-3 py-2 text-sm hover:bg-zinc-100">
              API tokens
            </Link>
            {user.isAdmin ? (
              <>
                <Link href="/admin/users" className="block rounded px-3 py-2 text-sm hover:bg-zinc-100">
                  Administration
                </Link>
                <Link href="/admin/audit" className="block rounded px-3 py-2 text-sm hover:bg-zinc-100">
                  Audit log
                </Link>
              </>
            ) : null}
            <SignOutButton />
          </div>
        </details>
      </div>
    </header>
  );
}

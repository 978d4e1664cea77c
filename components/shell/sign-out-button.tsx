"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="block w-full rounded px-3 py-2 text-left text-sm text-zinc-800 hover:bg-zinc-100"
      onClick={() => signOut({ callbackUrl: "/signin" })}
    >
      Sign out
    </button>
  );
}

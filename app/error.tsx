"use client";

// Any page that fails to render (the database restarting, a bug): a plain explanation and a way to
// try again, instead of the framework's bare error screen. What the person typed in a report form is
// kept in the browser's draft and is still there after "Try again".
import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  // The failed part came from the server: fetch it again, then re-render.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-zinc-700">
        Bashboard could not finish this page, perhaps because its database is restarting. Nothing you saved is lost; wait a few seconds and
        try again.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-zinc-600">Reference: {error.digest}</p> : null}
      <div className="mt-6 flex justify-center gap-4">
        <button type="button" onClick={retry} className="rounded-md bg-accent-700 px-4 py-2 text-sm font-semibold text-white hover:bg-accent-800">
          Try again
        </button>
        <Link href="/" className="px-2 py-2 text-sm text-accent-700 underline">
          Back to my bashes
        </Link>
      </div>
    </main>
  );
}

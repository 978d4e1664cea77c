import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-700">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="mt-6 inline-block text-accent-700 underline">
        Back to my bashes
      </Link>
    </main>
  );
}

import { Logo } from "@/components/ui/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-start px-4 py-10 sm:justify-center">
      <div className="mb-6">
        <Logo className="text-xl" />
      </div>
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm">{children}</div>
      <p className="mt-6 max-w-sm text-center text-sm text-zinc-600">Plan, run and triage bug bashes — in one place.</p>
    </main>
  );
}

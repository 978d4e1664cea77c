import { QrCode } from "@/components/ui/qr-code";

/** The four steps from "I found something" to a filed report, with the bash page as a QR code. */
export function HowToReport({ bashUrl }: { bashUrl: string }) {
  return (
    <section aria-labelledby="kickoff-howto-h" className="min-w-0 space-y-5 rounded-2xl border-2 border-accent-600 bg-accent-50 p-5 sm:p-6" data-testid="how-to-report">
      <h2 id="kickoff-howto-h" className="text-2xl font-bold tracking-tight text-zinc-950 sm:text-3xl">
        How to report
      </h2>
      <div className="flex flex-wrap items-center gap-4">
        <div className="rounded-xl bg-white p-3 [&_[role=img]]:size-44 lg:[&_[role=img]]:size-48 [&_figcaption]:text-base [&_figcaption]:text-zinc-800">
          <QrCode value={bashUrl} label="Scan to open the bash on your phone" />
        </div>
        <p className="min-w-0 flex-1 basis-48 font-mono text-lg font-semibold break-all text-zinc-950 sm:text-xl" data-testid="bash-url">
          {bashUrl}
        </p>
      </div>
      <ol className="space-y-3 text-lg text-zinc-950 sm:text-xl">
        {[
          <>Open the bash page on your phone: scan the code or type the address.</>,
          <>
            Tap <strong>Report a bug</strong>.
          </>,
          <>Paste a screenshot, then write a title and the steps.</>,
          <>
            <strong>Submit</strong> — and on to the next one.
          </>,
        ].map((step, i) => (
          <li key={i} className="flex gap-3">
            <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-full bg-accent-700 text-lg font-bold text-white">
              {i + 1}
            </span>
            <span className="min-w-0 pt-0.5">
              <span className="sr-only">Step {i + 1}: </span>
              {step}
            </span>
          </li>
        ))}
      </ol>
      <p className="rounded-xl border-2 border-amber-300 bg-amber-50 p-4 text-lg text-amber-950 sm:text-xl">
        Stuck? Tap <strong>{"I'm blocked"}</strong>: it raises your hand and a facilitator comes to help.
      </p>
    </section>
  );
}

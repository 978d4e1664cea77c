/** One card on the My account page: a heading, a line saying what it is for, and its content. */
export function AccountSection({ id, title, intro, children }: { id: string; title: string; intro?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className="scroll-mt-20 space-y-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="space-y-1">
        <h2 id={`${id}-h`} className="text-lg font-semibold">
          {title}
        </h2>
        {intro ? <p className="text-sm text-zinc-700">{intro}</p> : null}
      </div>
      {children}
    </section>
  );
}

import { card } from "@/components/ui/styles";

/** A titled card on the plan page; the id doubles as the anchor in the section menu. */
export function Section({ id, title, aside, children, description }: { id: string; title: string; aside?: React.ReactNode; description?: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-h`} className={`${card} scroll-mt-20 p-4 sm:p-5`}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <div>
          <h2 id={`${id}-h`} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? <p className="text-sm text-zinc-600">{description}</p> : null}
        </div>
        {aside}
      </div>
      {children}
    </section>
  );
}

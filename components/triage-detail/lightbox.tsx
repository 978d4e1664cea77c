"use client";

// Attachments as thumbnails; a click opens them full size in a dialog (Esc or the close button to
// leave, arrow keys or buttons for the next and previous one).
import { useRef, useState } from "react";
import { btn } from "@/components/ui/styles";

type Item = { id: string; fileName: string; contentType: string; url: string; thumbUrl: string | null };

export function AttachmentGallery({ items }: { items: Item[] }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(0);
  if (items.length === 0) return null;
  const open = (i: number) => {
    setIndex(i);
    dialog.current?.showModal();
  };
  const step = (d: number) => setIndex((i) => (i + d + items.length) % items.length);
  const current = items[index];
  return (
    <>
      <ul className="flex flex-wrap gap-3" aria-label="Attachments">
        {items.map((a, i) => (
          <li key={a.id}>
            <button type="button" onClick={() => open(i)} className="block rounded text-left text-xs text-accent-700 underline" aria-label={`Open ${a.fileName}`}>
              {a.thumbUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- our own authorised route
                <img src={a.thumbUrl} alt={a.fileName} className="mb-1 h-24 w-32 rounded border border-zinc-200 object-cover" />
              ) : (
                <span className="mb-1 flex h-24 w-32 items-center justify-center rounded border border-zinc-200 bg-zinc-50 text-zinc-700">Video</span>
              )}
              <span className="block max-w-32 truncate">{a.fileName}</span>
            </button>
          </li>
        ))}
      </ul>
      <dialog
        ref={dialog}
        aria-label={current.fileName}
        className="m-auto max-h-[95vh] w-[min(96vw,1100px)] rounded-lg bg-white p-0 shadow-xl backdrop:bg-black/70"
        onKeyDown={(e) => {
          if (e.key === "ArrowRight") step(1);
          if (e.key === "ArrowLeft") step(-1);
        }}
      >
        <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2">
          <span className="truncate text-sm font-medium">
            {current.fileName} <span className="text-zinc-600">({index + 1} of {items.length})</span>
          </span>
          <span className="flex gap-1">
            {items.length > 1 ? (
              <>
                <button type="button" className={btn.ghost} onClick={() => step(-1)} aria-label="Previous attachment">
                  ‹
                </button>
                <button type="button" className={btn.ghost} onClick={() => step(1)} aria-label="Next attachment">
                  ›
                </button>
              </>
            ) : null}
            <a href={current.url} target="_blank" rel="noopener noreferrer" className={btn.ghost}>
              Open original
            </a>
            <button type="button" className={btn.secondary} onClick={() => dialog.current?.close()} autoFocus>
              Close
            </button>
          </span>
        </div>
        <div className="flex max-h-[85vh] items-center justify-center bg-zinc-900">
          {current.contentType.startsWith("video/") ? (
            <video key={current.id} src={current.url} controls className="max-h-[85vh] max-w-full" />
          ) : (
            // eslint-disable-next-line @next/next/no-img-element -- our own authorised route
            <img key={current.id} src={current.url} alt={current.fileName} className="max-h-[85vh] max-w-full object-contain" />
          )}
        </div>
      </dialog>
    </>
  );
}

"use client";

// The reporter adds what was asked for: steps, expected/actual, device, more screenshots.
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { btn, input as inputClass, label as labelClass } from "@/components/ui/styles";
import { uploadAttachmentFile } from "@/lib/attachments/client-upload";

type Result = { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string> };
type Initial = { steps: string; expected: string; actual: string; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string; deviceKind: "WEB" | "MOBILE" | null };

export function AddDetailsForm({
  bashId,
  reportId,
  initial,
  missing,
  action,
}: {
  bashId: string;
  reportId: string;
  initial: Initial;
  missing: string[];
  action: (input: Record<string, unknown>) => Promise<Result>;
}) {
  const router = useRouter();
  const id = useId();
  const [v, setV] = useState(initial);
  const [files, setFiles] = useState<{ id: string; fileName: string }[]>([]);
  const [uploading, setUploading] = useState<{ name: string; progress: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const kind = v.deviceKind ?? (v.phoneName ? "MOBILE" : "WEB");

  async function upload(list: File[]) {
    for (const f of list) {
      setUploading({ name: f.name, progress: 0 });
      try {
        const a = await uploadAttachmentFile(bashId, f, (p) => setUploading({ name: f.name, progress: p }));
        setFiles((x) => [...x, { id: a.id, fileName: a.fileName }]);
      } catch (e) {
        setError(e instanceof Error ? e.message : "The upload failed.");
      }
    }
    setUploading(null);
  }

  const field = (k: keyof Initial, label: string, rows?: number) => (
    <div>
      <label htmlFor={`${id}-${k}`} className={labelClass}>
        {label}
      </label>
      {rows ? (
        <textarea id={`${id}-${k}`} rows={rows} className={`${inputClass} mt-1`} value={String(v[k] ?? "")} onChange={(e) => setV({ ...v, [k]: e.target.value })} />
      ) : (
        <input id={`${id}-${k}`} className={`${inputClass} mt-1`} value={String(v[k] ?? "")} onChange={(e) => setV({ ...v, [k]: e.target.value })} />
      )}
    </div>
  );

  return (
    <form
      aria-label="Add details"
      className="space-y-4"
      onPaste={(e) => {
        const list = Array.from(e.clipboardData.files);
        if (list.length) {
          e.preventDefault();
          void upload(list);
        }
      }}
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(null);
        try {
          const r = await action({ reportId, ...v, deviceKind: kind, attachmentIds: files.map((f) => f.id) });
          if (r.ok) {
            setSaved(true);
            setFiles([]);
            router.refresh();
          } else setError(r.message);
        } catch {
          setError("Could not reach Bashboard. Nothing was lost: try again in a moment.");
        } finally {
          setPending(false);
        }
      }}
    >
      {missing.length ? <p className="text-sm text-amber-900">Still missing: {missing.join(", ")}.</p> : null}
      {field("steps", "Steps to reproduce", 4)}
      <div className="grid gap-4 sm:grid-cols-2">
        {field("expected", "Expected result", 2)}
        {field("actual", "Actual result", 2)}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {kind === "MOBILE" ? field("phoneName", "Phone") : null}
        {field("os", "OS")}
        {field("osVersion", "OS version")}
        {kind === "WEB" ? field("browser", "Browser") : null}
        {kind === "WEB" ? field("browserVersion", "Browser version") : null}
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button type="button" className={btn.secondary} onClick={() => fileInput.current?.click()}>
          Add screenshot or video
        </button>
        <span className="text-zinc-700">or paste it here</span>
        <input
          ref={fileInput}
          type="file"
          multiple
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose screenshots or videos"
          accept="image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm"
          onChange={(e) => {
            void upload(Array.from(e.target.files ?? []));
            e.target.value = "";
          }}
        />
        {files.map((f) => (
          <span key={f.id} className="rounded bg-zinc-100 px-2 py-1">
            {f.fileName}
          </span>
        ))}
        {uploading ? <progress max={1} value={uploading.progress} aria-label={`Uploading ${uploading.name}`} /> : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
      {saved && !error ? (
        <p role="status" className="text-sm font-medium text-emerald-800">
          Saved. Thank you!
        </p>
      ) : null}
      <button type="submit" className={btn.primary} disabled={pending || uploading !== null}>
        {pending ? "Saving…" : "Save details"}
      </button>
    </form>
  );
}

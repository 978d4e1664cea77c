"use client";

// The participant's report form, built for the hour of the bash: at most five typed fields, the
// device filled in, screenshots by paste / drop / picker with progress, similar reports while typing.
// The draft lives in this browser (localStorage) until the server acknowledges it, and its id is made
// here, so a retry or a double click never files two reports.
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { btn, input as inputClass, label as labelClass, card } from "@/components/ui/styles";
import { uploadAttachmentFile } from "@/lib/attachments/client-upload";
import { fileReportRequest } from "@/lib/reports/client-file";

export type DeviceFields = { kind: "WEB" | "MOBILE"; os: string; osVersion: string; browser: string; browserVersion: string; phoneName: string };
export type DeviceOption = { id: string; label: string; fields: DeviceFields };
type Attachment = { id: string; fileName: string; contentType: string; url: string; thumbUrl: string | null };
type Upload = { key: string; name: string; progress: number; error: string | null };
type Similar = { id: string; number: number; title: string; status: string; featureName: string | null; reporterName: string; meToos: number; mine: boolean };
type Result<T> = { ok: true; data: T } | { ok: false; code?: string; message: string; fieldErrors?: Record<string, string> };

type Draft = {
  clientId: string;
  featureId: string;
  environmentId: string;
  title: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  severity: string;
  deviceChoice: string; // "detected", a device id, or "other"
  device: DeviceFields;
  attachments: Attachment[];
};

const SEVERITY_OPTIONS = [
  ["", "Not sure"],
  ["CRITICAL", "Critical — blocks testing or loses data"],
  ["MAJOR", "Major — a feature does not work"],
  ["MINOR", "Minor — works, but wrong"],
  ["TRIVIAL", "Trivial — cosmetic"],
] as const;

function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID().replace(/-/g, "");
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join("");
}

function blankDraft(defaults: { environmentId: string; deviceChoice: string; device: DeviceFields }): Draft {
  return {
    clientId: newClientId(),
    featureId: "",
    environmentId: defaults.environmentId,
    title: "",
    description: "",
    steps: "",
    expected: "",
    actual: "",
    severity: "",
    deviceChoice: defaults.deviceChoice,
    device: defaults.device,
    attachments: [],
  };
}

const hasContent = (d: Draft) => Boolean(d.title || d.description || d.steps || d.expected || d.actual || d.attachments.length);

function describe(d: DeviceFields): string {
  const os = [d.os, d.osVersion].filter(Boolean).join(" ");
  const parts = d.kind === "MOBILE" ? [d.phoneName, os] : [os, [d.browser, d.browserVersion].filter(Boolean).join(" ")];
  return parts.filter(Boolean).join(" · ") || "not given";
}

export function ReportForm({
  bashId,
  features,
  environments,
  devices,
  detected,
  closedReason,
  similarAction,
  meTooAction,
  presenceAction,
}: {
  bashId: string;
  features: { id: string; menuName: string }[];
  environments: { id: string; name: string }[];
  devices: DeviceOption[];
  detected: DeviceFields;
  closedReason: string | null;
  similarAction: (input: Record<string, unknown>) => Promise<Result<Similar[]>>;
  meTooAction: (input: Record<string, unknown>) => Promise<Result<{ id: string; reportNumber: number }>>;
  presenceAction: (input: Record<string, unknown>) => Promise<unknown>;
}) {
  const storageKey = `bashboard:report-draft:${bashId}`;
  const defaults = {
    environmentId: environments.length === 1 ? environments[0].id : "",
    deviceChoice: devices[0]?.id ?? "detected",
    device: devices[0]?.fields ?? detected,
  };
  const [draft, setDraft] = useState<Draft>(() => blankDraft(defaults));
  const [loaded, setLoaded] = useState(false);
  const [restored, setRestored] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [retryIn, setRetryIn] = useState<number | null>(null);
  const [filed, setFiled] = useState<{ number: number; kind: "report" | "metoo" } | null>(null);
  const [similar, setSimilar] = useState<Similar[]>([]);
  const [meTooFor, setMeTooFor] = useState<string | null>(null);
  const [meTooNote, setMeTooNote] = useState("");
  const [dragging, setDragging] = useState(false);
  const typed = useRef(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const attempt = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const id = useId();

  // Restore the draft once, after hydration (localStorage is not available on the server).
  useEffect(() => {
    try {
      const raw = localStorage.getItem(storageKey);
      if (raw) {
        const saved = JSON.parse(raw) as Partial<Draft>;
        if (saved && typeof saved.clientId === "string") {
          // eslint-disable-next-line react-hooks/set-state-in-effect -- one-time restore from browser storage
          setDraft((d) => ({ ...d, ...saved, device: { ...d.device, ...(saved.device ?? {}) }, attachments: saved.attachments ?? [] }));
          if (hasContent({ ...blankDraft(defaults), ...saved, attachments: saved.attachments ?? [] } as Draft)) setRestored(true);
        }
      }
    } catch {
      // A broken saved draft is ignored; the form starts empty.
    }
    setLoaded(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storageKey]);

  // Every change is saved on this device at once.
  useEffect(() => {
    if (!loaded) return;
    try {
      if (hasContent(draft)) localStorage.setItem(storageKey, JSON.stringify(draft));
      else localStorage.removeItem(storageKey);
    } catch {
      // Storage full or blocked (private mode): the form still works, the draft just isn't kept.
    }
  }, [draft, loaded, storageKey]);

  // Presence: "here" about once a minute, "active" when something was typed since the last ping.
  useEffect(() => {
    const ping = () => {
      if (document.visibilityState !== "visible") return;
      const active = typed.current;
      typed.current = false;
      void presenceAction({ active }).catch(() => undefined);
    };
    ping();
    const t = setInterval(ping, 60_000);
    return () => clearInterval(t);
  }, [presenceAction]);

  // Similar reports while typing (debounced).
  const query = `${draft.title} ${draft.description}`.trim();
  useEffect(() => {
    if (query.length < 4 || closedReason) return;
    const t = setTimeout(() => {
      similarAction({ text: query })
        .then((r) => setSimilar(r.ok ? r.data.filter((s) => !s.mine) : []))
        .catch(() => undefined);
    }, 350);
    return () => clearTimeout(t);
  }, [query, similarAction, closedReason]);

  useEffect(
    () => () => {
      if (retryTimer.current) clearTimeout(retryTimer.current);
    },
    [],
  );

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    typed.current = true;
    setFiled(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setDevice = (key: keyof DeviceFields, value: string) => setDraft((d) => ({ ...d, deviceChoice: "other", device: { ...d.device, [key]: value } }));

  const chooseDevice = (choice: string) => {
    const fields = choice === "detected" ? detected : choice === "other" ? draft.device : devices.find((d) => d.id === choice)?.fields;
    setDraft((d) => ({ ...d, deviceChoice: choice, device: fields ?? d.device }));
  };

  const addFiles = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = newClientId();
        const name = file.name || "pasted-image";
        setUploads((u) => [...u, { key, name, progress: 0, error: null }]);
        uploadAttachmentFile(bashId, file, (p) => setUploads((u) => u.map((x) => (x.key === key ? { ...x, progress: p } : x))))
          .then((a) => {
            setUploads((u) => u.filter((x) => x.key !== key));
            setDraft((d) => ({ ...d, attachments: [...d.attachments, { id: a.id, fileName: a.fileName, contentType: a.contentType, url: a.url, thumbUrl: a.thumbUrl }] }));
          })
          .catch((e: unknown) => {
            setUploads((u) => u.map((x) => (x.key === key ? { ...x, error: e instanceof Error ? e.message : "The upload failed." } : x)));
          });
      }
    },
    [bashId],
  );

  // Paste a screenshot anywhere on the page (Ctrl/Cmd+V).
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      addFiles(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [addFiles]);

  /** Try again by ourselves, backing off 2, 4, 8 … 30 s; the draft stays in this browser meanwhile. */
  function retryLater(message: string) {
    attempt.current += 1;
    const seconds = Math.min(30, 2 ** Math.min(attempt.current, 5));
    setError(message);
    setRetryIn(seconds);
    retryTimer.current = setTimeout(() => void submit(), seconds * 1000);
  }

  async function submit() {
    if (submitting) return;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    setRetryIn(null);
    if (uploads.some((u) => !u.error)) {
      setError("Wait a moment: a file is still uploading.");
      return;
    }
    setSubmitting(true);
    setError(null);
    setFieldErrors({});
    const d = draft;
    try {
      const res = await fileReportRequest(bashId, {
        clientId: d.clientId,
        featureId: d.featureId,
        environmentId: d.environmentId,
        deviceId: devices.some((x) => x.id === d.deviceChoice) ? d.deviceChoice : "",
        title: d.title,
        description: d.description,
        steps: d.steps,
        expected: d.expected,
        actual: d.actual,
        severity: d.severity,
        deviceKind: d.device.kind,
        os: d.device.os,
        osVersion: d.device.osVersion,
        browser: d.device.browser,
        browserVersion: d.device.browserVersion,
        phoneName: d.device.phoneName,
        attachmentIds: d.attachments.map((a) => a.id),
      });
      if (res.ok) {
        attempt.current = 0;
        try {
          localStorage.removeItem(storageKey);
        } catch {}
        setDraft(blankDraft({ environmentId: d.environmentId, deviceChoice: d.deviceChoice, device: d.device }));
        setSimilar([]);
        setRestored(false);
        setFiled({ number: res.data.number, kind: "report" });
        titleRef.current?.focus();
      } else if (res.code === "UNAVAILABLE") {
        // The server answered but its database is away or busy: nothing was saved, so send it again.
        retryLater(`${res.message} Your report is kept on this device and will be sent again automatically.`);
      } else {
        setError(res.message);
        setFieldErrors(res.fieldErrors ?? {});
        // The draft's id was used by another report (a second tab): keep the text, take a new id.
        if (res.fieldErrors?.clientId) setDraft((x) => ({ ...x, clientId: newClientId() }));
      }
    } catch {
      // No answer (offline, server restarting): everything stays here, and we try again by ourselves.
      retryLater("Could not reach Bashboard. Your report is kept on this device and will be sent again automatically.");
    } finally {
      setSubmitting(false);
    }
  }

  // Back online: send a waiting report at once.
  useEffect(() => {
    const onOnline = () => {
      if (retryTimer.current) void submit();
    };
    window.addEventListener("online", onOnline);
    return () => window.removeEventListener("online", onOnline);
  });

  async function sendMeToo(reportId: string) {
    setError(null);
    try {
      const res = await meTooAction({ reportId, note: meTooNote });
      if (!res.ok) {
        setError(res.message);
        return;
      }
      try {
        localStorage.removeItem(storageKey);
      } catch {}
      setDraft(blankDraft({ environmentId: draft.environmentId, deviceChoice: draft.deviceChoice, device: draft.device }));
      setSimilar([]);
      setMeTooFor(null);
      setMeTooNote("");
      setFiled({ number: res.data.reportNumber, kind: "metoo" });
    } catch {
      setError("Could not reach Bashboard. Try again in a moment; your draft is kept.");
    }
  }

  const err = (k: string) =>
    fieldErrors[k] ? (
      <p id={`${id}-${k}-err`} className="mt-1 text-sm text-red-700">
        {fieldErrors[k]}
      </p>
    ) : null;
  const aria = (k: string) => (fieldErrors[k] ? { "aria-invalid": true, "aria-describedby": `${id}-${k}-err` } : {});

  return (
    <form
      className="space-y-5"
      aria-label="Report a bug"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          void submit();
        }
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        if (e.dataTransfer.files.length) {
          e.preventDefault();
          setDragging(false);
          addFiles(Array.from(e.dataTransfer.files));
        }
      }}
    >
      {closedReason ? (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {closedReason}
        </p>
      ) : null}
      {filed ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900">
          {filed.kind === "report" ? (
            <>
              <strong>Report #{filed.number} filed.</strong> Thank you! The form is ready for the next one.
            </>
          ) : (
            <>
              <strong>Your +1 was added to #{filed.number}.</strong> Thank you! The form is ready for the next one.
            </>
          )}{" "}
          <Link href={`/bashes/${bashId}`} className="font-medium underline">
            Back to the bash
          </Link>
        </div>
      ) : null}
      {restored ? (
        <p role="status" className="rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm text-zinc-800">
          Your unfinished report was restored from this device.{" "}
          <button
            type="button"
            className="font-medium text-accent-700 underline"
            onClick={() => {
              setDraft(blankDraft(defaults));
              setRestored(false);
            }}
          >
            Start over
          </button>
        </p>
      ) : null}

      {features.length ? (
        <div>
          <label htmlFor={`${id}-feature`} className={labelClass}>
            Feature
          </label>
          <select id={`${id}-feature`} className={`${inputClass} mt-1`} value={draft.featureId} onChange={(e) => set("featureId", e.target.value)} {...aria("featureId")}>
            <option value="">Choose a feature…</option>
            {features.map((f) => (
              <option key={f.id} value={f.id}>
                {f.menuName}
              </option>
            ))}
          </select>
          {err("featureId")}
        </div>
      ) : null}

      <div>
        <label htmlFor={`${id}-title`} className={labelClass}>
          Title <span className="font-normal text-zinc-600">(required)</span>
        </label>
        <input
          ref={titleRef}
          id={`${id}-title`}
          className={`${inputClass} mt-1`}
          value={draft.title}
          onChange={(e) => set("title", e.target.value)}
          placeholder="What went wrong, in a few words"
          maxLength={200}
          autoComplete="off"
          enterKeyHint="next"
          {...aria("title")}
        />
        {err("title")}
      </div>

      {similar.length ? (
        <section aria-label="Similar reports" className={`${card} space-y-2 border-amber-200 bg-amber-50/60 p-3`}>
          <h2 className="text-sm font-semibold text-zinc-900">Already reported? These look similar:</h2>
          <ul className="space-y-2">
            {similar.map((s) => (
              <li key={s.id} className="rounded-md bg-white p-2 text-sm shadow-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <span>
                    <span className="font-semibold">#{s.number}</span> {s.title}
                    <span className="text-zinc-600">
                      {" "}
                      — {s.reporterName || "someone"}
                      {s.featureName ? ` · ${s.featureName}` : ""}
                      {s.meToos ? ` · +${s.meToos}` : ""}
                    </span>
                  </span>
                  {meTooFor !== s.id ? (
                    <button
                      type="button"
                      className="text-sm font-medium text-accent-700 underline"
                      onClick={() => {
                        setMeTooFor(s.id);
                        setMeTooNote([draft.description, draft.steps].filter(Boolean).join("\n\n"));
                      }}
                    >
                      Same problem — add my note instead
                    </button>
                  ) : null}
                </div>
                {meTooFor === s.id ? (
                  <div className="mt-2 space-y-2">
                    <label htmlFor={`${id}-metoo`} className={labelClass}>
                      Your note for #{s.number} (optional)
                    </label>
                    <textarea id={`${id}-metoo`} className={inputClass} rows={3} value={meTooNote} onChange={(e) => setMeTooNote(e.target.value)} />
                    <div className="flex flex-wrap gap-2">
                      <button type="button" className={btn.primary} onClick={() => void sendMeToo(s.id)}>
                        Add my +1 to #{s.number}
                      </button>
                      <button type="button" className={btn.ghost} onClick={() => setMeTooFor(null)}>
                        It&apos;s different
                      </button>
                    </div>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div>
        <label htmlFor={`${id}-steps`} className={labelClass}>
          Steps to reproduce
        </label>
        <textarea
          id={`${id}-steps`}
          className={`${inputClass} mt-1`}
          rows={4}
          value={draft.steps}
          onChange={(e) => set("steps", e.target.value)}
          placeholder={"1. Open …\n2. Tap …"}
          {...aria("steps")}
        />
        {err("steps")}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-expected`} className={labelClass}>
            Expected result
          </label>
          <textarea id={`${id}-expected`} className={`${inputClass} mt-1`} rows={2} value={draft.expected} onChange={(e) => set("expected", e.target.value)} {...aria("expected")} />
          {err("expected")}
        </div>
        <div>
          <label htmlFor={`${id}-actual`} className={labelClass}>
            Actual result
          </label>
          <textarea id={`${id}-actual`} className={`${inputClass} mt-1`} rows={2} value={draft.actual} onChange={(e) => set("actual", e.target.value)} {...aria("actual")} />
          {err("actual")}
        </div>
      </div>

      <div
        className={`rounded-lg border-2 border-dashed p-3 text-sm ${dragging ? "border-accent-600 bg-accent-50" : "border-zinc-300 bg-zinc-50"}`}
        aria-label="Screenshots and videos"
        role="group"
      >
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={btn.secondary} onClick={() => fileInput.current?.click()}>
            Add screenshot or video
          </button>
          <span className="text-zinc-700">or paste (Ctrl/⌘+V) or drop it here. PNG, JPEG, WebP, GIF, MP4, WebM.</span>
          <input
            ref={fileInput}
            type="file"
            className="sr-only"
            tabIndex={-1}
            aria-label="Choose screenshots or videos"
            accept="image/png,image/jpeg,image/webp,image/gif,video/mp4,video/webm"
            multiple
            onChange={(e) => {
              addFiles(Array.from(e.target.files ?? []));
              e.target.value = "";
            }}
          />
        </div>
        {draft.attachments.length || uploads.length ? (
          <ul className="mt-3 flex flex-wrap gap-3" aria-label="Attached files">
            {draft.attachments.map((a) => (
              <li key={a.id} className="relative w-24">
                {a.thumbUrl ? (
                  // eslint-disable-next-line @next/next/no-img-element -- served by our own route with auth; next/image would proxy it
                  <img src={a.thumbUrl} alt={a.fileName} className="h-20 w-24 rounded border border-zinc-200 object-cover" />
                ) : (
                  <span className="flex h-20 w-24 items-center justify-center rounded border border-zinc-200 bg-white text-xs text-zinc-700">▶ video</span>
                )}
                <span className="block truncate text-xs text-zinc-700">{a.fileName}</span>
                <button
                  type="button"
                  className="absolute -right-2 -top-2 flex h-7 w-7 items-center justify-center rounded-full bg-zinc-800 text-xs text-white"
                  aria-label={`Remove ${a.fileName}`}
                  onClick={() => setDraft((d) => ({ ...d, attachments: d.attachments.filter((x) => x.id !== a.id) }))}
                >
                  ✕
                </button>
              </li>
            ))}
            {uploads.map((u) => (
              <li key={u.key} className="w-40 text-xs">
                <span className="block truncate text-zinc-800">{u.name}</span>
                {u.error ? (
                  <span className="block text-red-700" role="alert">
                    {u.error}{" "}
                    <button type="button" className="underline" onClick={() => setUploads((x) => x.filter((y) => y.key !== u.key))}>
                      Dismiss
                    </button>
                  </span>
                ) : (
                  <progress className="w-full" max={1} value={u.progress} aria-label={`Uploading ${u.name}`} />
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <details className="rounded-md border border-zinc-200 bg-white p-3 text-sm">
        <summary className="cursor-pointer select-none font-medium text-zinc-900">More: description, severity, environment, device ({describe(draft.device)})</summary>
        <div className="mt-3 space-y-4">
          <div>
            <label htmlFor={`${id}-description`} className={labelClass}>
              Description
            </label>
            <textarea id={`${id}-description`} className={`${inputClass} mt-1`} rows={3} value={draft.description} onChange={(e) => set("description", e.target.value)} {...aria("description")} />
            {err("description")}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor={`${id}-severity`} className={labelClass}>
                Severity (your suggestion)
              </label>
              <select id={`${id}-severity`} className={`${inputClass} mt-1`} value={draft.severity} onChange={(e) => set("severity", e.target.value)}>
                {SEVERITY_OPTIONS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            {environments.length ? (
              <div>
                <label htmlFor={`${id}-env`} className={labelClass}>
                  Environment
                </label>
                <select id={`${id}-env`} className={`${inputClass} mt-1`} value={draft.environmentId} onChange={(e) => set("environmentId", e.target.value)} {...aria("environmentId")}>
                  <option value="">Not sure</option>
                  {environments.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </select>
                {err("environmentId")}
              </div>
            ) : null}
          </div>
          <div>
            <label htmlFor={`${id}-device`} className={labelClass}>
              Device
            </label>
            <select id={`${id}-device`} className={`${inputClass} mt-1`} value={draft.deviceChoice} onChange={(e) => chooseDevice(e.target.value)}>
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
              <option value="detected">This device: {describe(detected)}</option>
              <option value="other">Other (type it below)</option>
            </select>
          </div>
          <fieldset className="grid gap-3 sm:grid-cols-3">
            <legend className="sr-only">Device details</legend>
            <div>
              <label htmlFor={`${id}-kind`} className={labelClass}>
                Kind
              </label>
              <select id={`${id}-kind`} className={`${inputClass} mt-1`} value={draft.device.kind} onChange={(e) => setDevice("kind", e.target.value)}>
                <option value="WEB">Web</option>
                <option value="MOBILE">Mobile</option>
              </select>
            </div>
            {draft.device.kind === "MOBILE" ? (
              <div>
                <label htmlFor={`${id}-phone`} className={labelClass}>
                  Phone
                </label>
                <input id={`${id}-phone`} className={`${inputClass} mt-1`} value={draft.device.phoneName} onChange={(e) => setDevice("phoneName", e.target.value)} />
              </div>
            ) : null}
            <div>
              <label htmlFor={`${id}-os`} className={labelClass}>
                OS
              </label>
              <input id={`${id}-os`} className={`${inputClass} mt-1`} value={draft.device.os} onChange={(e) => setDevice("os", e.target.value)} />
            </div>
            <div>
              <label htmlFor={`${id}-osv`} className={labelClass}>
                OS version
              </label>
              <input id={`${id}-osv`} className={`${inputClass} mt-1`} value={draft.device.osVersion} onChange={(e) => setDevice("osVersion", e.target.value)} />
            </div>
            {draft.device.kind === "WEB" ? (
              <>
                <div>
                  <label htmlFor={`${id}-browser`} className={labelClass}>
                    Browser
                  </label>
                  <input id={`${id}-browser`} className={`${inputClass} mt-1`} value={draft.device.browser} onChange={(e) => setDevice("browser", e.target.value)} />
                </div>
                <div>
                  <label htmlFor={`${id}-bv`} className={labelClass}>
                    Browser version
                  </label>
                  <input id={`${id}-bv`} className={`${inputClass} mt-1`} value={draft.device.browserVersion} onChange={(e) => setDevice("browserVersion", e.target.value)} />
                </div>
              </>
            ) : null}
          </fieldset>
        </div>
      </details>

      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
          {error}
          {retryIn ? ` Next try in ${retryIn} s.` : ""}
        </p>
      ) : null}
      <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-zinc-200 bg-white/95 px-4 py-3 backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0">
        <button type="submit" className={`${btn.primary} flex-1 sm:flex-none`} disabled={submitting || Boolean(closedReason)}>
          {submitting ? "Sending…" : "Submit report"}
        </button>
        <span className="hidden text-sm text-zinc-600 sm:inline">Ctrl/⌘+Enter</span>
        {loaded && hasContent(draft) ? <span className="text-xs text-zinc-600">Draft saved on this device</span> : null}
      </div>
    </form>
  );
}

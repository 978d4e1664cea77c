// Browser-only: file a report through POST /api/bashes/<id>/reports. Answers like a server action
// ({ ok, data } or { ok: false, code, message, fieldErrors }); throws when no usable answer came
// back (offline, a proxy's error page), so the form keeps the draft and sends it again.
export type FileResult<T> = { ok: true; data: T } | { ok: false; code?: string; message: string; fieldErrors?: Record<string, string> };

export type FiledReport = { id: string; number: number; created: boolean };

export async function fileReportRequest(bashId: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<FileResult<FiledReport>> {
  const res = await fetch(`/api/bashes/${encodeURIComponent(bashId)}/reports`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(input),
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  type Body = { id?: unknown; number?: unknown; created?: unknown; error?: unknown; code?: unknown; fieldErrors?: unknown };
  const body = (await res.json().catch(() => null)) as Body | null;
  if (res.ok && body && typeof body.id === "string" && typeof body.number === "number") {
    return { ok: true, data: { id: body.id, number: body.number, created: body.created === true } };
  }
  if (!body || typeof body.error !== "string") {
    // No answer of ours: a gateway or proxy failed in between. Nothing is known to be saved.
    if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
    return { ok: false, message: `Bashboard could not file the report (HTTP ${res.status}). Try again.` };
  }
  const fieldErrors = body.fieldErrors && typeof body.fieldErrors === "object" ? (body.fieldErrors as Record<string, string>) : undefined;
  return { ok: false, code: typeof body.code === "string" ? body.code : undefined, message: body.error, fieldErrors };
}

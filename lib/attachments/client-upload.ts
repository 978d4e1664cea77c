// Browser-only: upload one file to the attachments route with XMLHttpRequest, because fetch()
// cannot report upload progress. No React here; components wrap it.
import type { UploadedAttachment } from "@/lib/attachments/schema";

export type { UploadedAttachment };

const NETWORK_ERROR = "The upload did not reach the server. Check your connection and try again.";

function serverMessage(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: unknown; message?: unknown };
    const msg = typeof body.error === "string" ? body.error : typeof body.message === "string" ? body.message : "";
    if (msg) return msg;
  } catch {
    // Not JSON (a proxy's error page, for instance): fall through.
  }
  if (xhr.status === 413) return "That file is too large to upload.";
  if (xhr.status === 401) return "Your sign-in has expired. Sign in again and retry.";
  return `The upload failed (HTTP ${xhr.status}). Try again.`;
}

/**
 * Send `file` as the raw request body. `onProgress` receives 0…1 as bytes leave the browser.
 * Resolves with the stored attachment; rejects with an Error whose message can be shown as is
 * (an abort rejects with an Error named "AbortError").
 */
export function uploadAttachmentFile(
  bashId: string,
  file: Blob & { name?: string },
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadedAttachment> {
  return new Promise((resolve, reject) => {
    const abortError = () => Object.assign(new Error("The upload was cancelled."), { name: "AbortError" });
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const cleanup = () => signal?.removeEventListener("abort", onAbort);

    xhr.open("POST", `/api/bashes/${encodeURIComponent(bashId)}/attachments`);
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name ?? ""));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.min(1, e.loaded / e.total));
      };
      xhr.upload.onload = () => onProgress(1);
    }
    xhr.onload = () => {
      cleanup();
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedAttachment);
        } catch {
          reject(new Error("The server's answer could not be read. Try again."));
        }
        return;
      }
      reject(new Error(serverMessage(xhr)));
    };
    xhr.onerror = () => {
      cleanup();
      reject(new Error(NETWORK_ERROR));
    };
    xhr.ontimeout = () => {
      cleanup();
      reject(new Error(NETWORK_ERROR));
    };
    xhr.onabort = () => {
      cleanup();
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(file);
  });
}

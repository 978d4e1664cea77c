// The report form's request (lib/reports/client-file.ts): how each kind of answer reaches the form.
// fetch is replaced by canned responses; the route itself is tested in reports-route.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import { fileReportRequest } from "@/lib/reports/client-file";

const answer = (status: number, body: string, type = "application/json") => vi.fn(async () => new Response(body, { status, headers: { "content-type": type } }));

afterEach(() => vi.unstubAllGlobals());

describe("fileReportRequest", () => {
  it("posts the draft as JSON to the bash's reports route and returns the filed report", async () => {
    const fetch = answer(201, JSON.stringify({ id: "r1", number: 7, created: true }));
    vi.stubGlobal("fetch", fetch);
    expect(await fileReportRequest("bash 1", { clientId: "c", title: "t" })).toEqual({ ok: true, data: { id: "r1", number: 7, created: true } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/bashes/bash%201/reports");
    expect(init).toMatchObject({ method: "POST", body: JSON.stringify({ clientId: "c", title: "t" }), credentials: "same-origin" });
    expect(new Headers(init.headers).get("content-type")).toBe("application/json");
  });

  it("passes the server's refusal on with its code and field errors; 503 stays UNAVAILABLE so the form resends", async () => {
    vi.stubGlobal("fetch", answer(400, JSON.stringify({ error: "Give the report a title.", code: "INVALID", fieldErrors: { title: "Required" } })));
    expect(await fileReportRequest("b", {})).toEqual({ ok: false, code: "INVALID", message: "Give the report a title.", fieldErrors: { title: "Required" } });
    vi.stubGlobal("fetch", answer(503, JSON.stringify({ error: "The database is not answering.", code: "UNAVAILABLE" })));
    expect(await fileReportRequest("b", {})).toMatchObject({ ok: false, code: "UNAVAILABLE" });
  });

  it("throws when no answer of Bashboard's came back (a proxy's error page), so the draft is sent again", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>Bad Gateway</html>", "text/html"));
    await expect(fileReportRequest("b", {})).rejects.toThrow("HTTP 502");
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(fileReportRequest("b", {})).rejects.toThrow("Failed to fetch");
    vi.stubGlobal("fetch", answer(404, "Not found", "text/plain"));
    expect(await fileReportRequest("b", {})).toEqual({ ok: false, message: "Bashboard could not file the report (HTTP 404). Try again." });
  });
});

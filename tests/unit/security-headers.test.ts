// The security headers next.config.ts sends, matched against paths the way Next.js matches them
// (next/dist/server/lib/router-utils/filesystem.js buildCustomRoute), and the session cookie options
// next-auth derives from authOptions for an https and an http public URL.
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import nextConfig, { contentSecurityPolicy } from "@/next.config";
import { authOptions } from "@/lib/auth";

const require = createRequire(import.meta.url);
type Match = (path: string) => false | Record<string, unknown>;
const { getPathMatch } = require("next/dist/shared/lib/router/utils/path-match") as {
  getPathMatch: (source: string, opts: Record<string, unknown>) => Match;
};
const { modifyRouteRegex } = require("next/dist/lib/redirect-status") as { modifyRouteRegex: (r: string) => string };

async function headersFor(path: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const route of (await nextConfig.headers!()) ?? []) {
    const match = getPathMatch(route.source, { strict: true, removeUnnamedParams: true, regexModifier: modifyRouteRegex, sensitive: false });
    if (!match(path)) continue;
    for (const h of route.headers) out[h.key] = h.value; // the last matching entry wins, as in Next.js
  }
  return out;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("security headers", () => {
  it.each(["/", "/signin", "/bashes/abc", "/bashes/abc/triage", "/api/v1/bashes", "/api/bashes/abc/export", "/_next/static/chunks/x.js"])(
    "%s gets the full set",
    async (path) => {
      const h = await headersFor(path);
      expect(h["Content-Security-Policy"]).toBe(contentSecurityPolicy);
      expect(h["X-Content-Type-Options"]).toBe("nosniff");
      expect(h["X-Frame-Options"]).toBe("DENY");
      expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
      expect(h["Permissions-Policy"]).toBe("camera=(), microphone=(), geolocation=()");
      expect(h["Strict-Transport-Security"]).toMatch(/^max-age=\d{7,}/);
    },
  );

  it("the policy allows this origin only, frames nothing, and has no eval outside next dev", () => {
    const d = directives(contentSecurityPolicy);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(d.get("media-src")).toEqual(["'self'", "blob:"]);
    expect(d.get("font-src")).toEqual(["'self'", "data:"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    // Vitest runs with NODE_ENV=test: the build's policy.
    expect(d.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    for (const values of d.values()) {
      for (const v of values) expect(v).not.toMatch(/^(https?:|\*|'unsafe-eval')/);
    }
  });

  it("the attachment download keeps its own sandboxing policy (Next.js would not let the route replace ours)", async () => {
    for (const path of ["/api/bashes/abc/attachments/def", "/api/bashes/abc/attachments/def/"]) {
      const h = await headersFor(path);
      expect(h["Content-Security-Policy"]).toBeUndefined();
      expect(h["X-Content-Type-Options"]).toBe("nosniff");
      expect(h["X-Frame-Options"]).toBe("DENY");
    }
    // The upload route and everything else around it still get the page policy.
    expect((await headersFor("/api/bashes/abc/attachments"))["Content-Security-Policy"]).toBe(contentSecurityPolicy);
    expect((await headersFor("/bashes/abc/attachments/def"))["Content-Security-Policy"]).toBe(contentSecurityPolicy);
  });

  it("reset and invite links (token in the path) send no Referer at all", async () => {
    expect((await headersFor("/reset/tok123"))["Referrer-Policy"]).toBe("no-referrer");
    expect((await headersFor("/invite/tok123"))["Referrer-Policy"]).toBe("no-referrer");
    expect((await headersFor("/reset/tok123"))["Content-Security-Policy"]).toBe(contentSecurityPolicy);
  });
});

describe("session cookies", () => {
  // Not in next-auth's package exports: loaded by file (the same code its handler runs).
  const { init } = require(path.resolve("node_modules/next-auth/core/init.js")) as {
    init: (p: Record<string, unknown>) => Promise<{ options: { cookies: Record<string, { name: string; options: Record<string, unknown> }> } }>;
  };
  const cookiesFor = async (origin: string) =>
    (await init({ authOptions: { ...authOptions, secret: "test-secret" }, origin, action: "session", cookies: {}, isPost: false })).options.cookies;

  it("authOptions leaves next-auth's cookie defaults alone", () => {
    expect(authOptions.cookies).toBeUndefined();
    expect(authOptions.useSecureCookies).toBeUndefined();
  });

  it("behind HTTPS the session cookie is httpOnly, SameSite=Lax, Secure and __Secure- prefixed", async () => {
    const c = await cookiesFor("https://bash.example.com");
    expect(c.sessionToken.name).toBe("__Secure-next-auth.session-token");
    expect(c.sessionToken.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    expect(c.csrfToken.name).toBe("__Host-next-auth.csrf-token");
    expect(c.csrfToken.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true });
  });

  it("over plain http (local use) it is still httpOnly and SameSite=Lax, without Secure", async () => {
    const c = await cookiesFor("http://localhost:3000");
    expect(c.sessionToken.name).toBe("next-auth.session-token");
    expect(c.sessionToken.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
  });
});

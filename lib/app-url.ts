// Absolute links in emails and calendar invites. APP_URL (or NEXTAUTH_URL) wins; otherwise the
// request's own host, so a fresh `npm start` produces links that work on this machine.
export function baseUrlFrom(headers: { get(name: string): string | null }): string {
  const configured = process.env.APP_URL || process.env.NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0].trim()}://${host.split(",")[0].trim()}`;
}

/**
 * The configured public URL only (APP_URL or NEXTAUTH_URL; `npm start` sets NEXTAUTH_URL), never the
 * request's Host: links that carry a secret to someone else's inbox (password reset) must not follow a
 * Host or X-Forwarded-Host header that whoever asked could have chosen.
 */
export function configuredBaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.APP_URL || env.NEXTAUTH_URL;
  return configured ? configured.replace(/\/+$/, "") : null;
}

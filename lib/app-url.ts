// Absolute links in emails and calendar invites. APP_URL (or NEXTAUTH_URL) wins; otherwise the
// request's own host, so a fresh `npm start` produces links that work on this machine.
export function baseUrlFrom(headers: { get(name: string): string | null }): string {
  const configured = process.env.APP_URL || process.env.NEXTAUTH_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const host = headers.get("x-forwarded-host") ?? headers.get("host") ?? "localhost:3000";
  const proto = headers.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto.split(",")[0].trim()}://${host.split(",")[0].trim()}`;
}

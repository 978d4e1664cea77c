// What the environment says, for the read-only half of the settings page. Never returns a secret:
// only "set" / "not set", host names and plain switches.
import { oauthProviderInfo } from "@/lib/auth";
import { mailFrom } from "@/lib/mail/mailer";
import { uploadCeilingBytes } from "@/lib/settings/queries";
import { gitHubSettings } from "@/lib/tracker/github";

export type EnvironmentSummary = {
  appUrl: { value: string | null; source: "APP_URL" | "NEXTAUTH_URL" | null };
  database: { kind: "embedded" | "external" | "not set"; host: string | null };
  storage: { kind: "local"; dir: string } | { kind: "s3"; bucket: string; endpointHost: string | null; region: string };
  smtp: { configured: boolean; host: string | null; from: string };
  oauth: string[];
  oauthSignup: boolean;
  github: { configured: boolean; repo: string | null; missing: string[] };
  chatHttpAllowed: boolean;
  login: { perAccount: number; perIp: number; windowMinutes: number };
  uploadCeilingBytes: number | null;
  uploadCeilingError: string | null;
};

function hostOf(url: string | undefined): string | null {
  if (!url?.trim()) return null;
  try {
    return new URL(url.trim()).hostname.replace(/^\[|\]$/g, "") || null;
  } catch {
    return null;
  }
}

/** What the environment says, for the read-only half of the settings page. No secret is ever included. */
export function environmentSummary(env: Record<string, string | undefined> = process.env): EnvironmentSummary {
  const appUrl = env.APP_URL?.trim() ? { value: env.APP_URL.trim(), source: "APP_URL" as const } : env.NEXTAUTH_URL?.trim() ? { value: env.NEXTAUTH_URL.trim(), source: "NEXTAUTH_URL" as const } : { value: null, source: null };
  // `npm start` runs an embedded Postgres on localhost:BASHBOARD_PG_PORT when DATABASE_URL was not given.
  let database: EnvironmentSummary["database"] = { kind: "not set", host: null };
  if (env.DATABASE_URL) {
    let host: string | null = null;
    let port = "";
    try {
      const u = new URL(env.DATABASE_URL);
      host = u.hostname.replace(/^\[|\]$/g, "") || null;
      port = u.port;
    } catch {
      // an unparsable URL: say only "external"
    }
    const local = host === "localhost" || host === "127.0.0.1" || host === "::1";
    const embedded = local && port === String(env.BASHBOARD_PG_PORT ?? 54320);
    database = { kind: embedded ? "embedded" : "external", host };
  }
  const storage: EnvironmentSummary["storage"] = env.S3_BUCKET
    ? { kind: "s3", bucket: env.S3_BUCKET, endpointHost: hostOf(env.S3_ENDPOINT), region: env.S3_REGION || "us-east-1" }
    : { kind: "local", dir: env.STORAGE_DIR || ".data/uploads" };
  const gh = gitHubSettings(env);
  let uploadCeiling: number | null = null;
  let uploadCeilingError: string | null = null;
  try {
    uploadCeiling = uploadCeilingBytes(env);
  } catch (e) {
    uploadCeilingError = e instanceof Error ? e.message : String(e);
  }
  const smtpUrl = env.SMTP_URL?.trim() ?? "";
  return {
    appUrl,
    database,
    storage,
    smtp: { configured: smtpUrl !== "", host: hostOf(smtpUrl), from: env.MAIL_FROM?.trim() || mailFrom() },
    oauth: oauthProviderInfo(env as NodeJS.ProcessEnv).map((p) => p.name),
    oauthSignup: env.OAUTH_ALLOW_SIGNUP === "true",
    github: gh.configured ? { configured: true, repo: gh.repo, missing: [] } : { configured: false, repo: env.GITHUB_REPO?.trim() || null, missing: gh.missing },
    chatHttpAllowed: env.CHAT_WEBHOOK_ALLOW_HTTP === "1",
    login: { perAccount: Number(env.LOGIN_MAX_FAILURES ?? 5), perIp: Number(env.LOGIN_MAX_FAILURES_PER_IP ?? 30), windowMinutes: Number(env.LOGIN_WINDOW_MINUTES ?? 15) },
    uploadCeilingBytes: uploadCeiling,
    uploadCeilingError,
  };
}

// Reading the install's settings, each with its default. (What the environment says: environment.ts.)
import type { Db } from "@/lib/db";
import { uploadMaxBytes } from "@/lib/attachments/schema";
import { DEFAULT_SETTINGS, SETTING_KEYS, ZDefaultDuration, ZDefaultLabel, type AppSettings } from "@/lib/settings/schema";

const MB = 1024 * 1024;

/** The settings, each falling back to its default when it was never saved (or holds something unreadable). */
export async function getSettings(db: Db): Promise<AppSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(SETTING_KEYS) } } });
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const label = ZDefaultLabel.safeParse(value(SETTING_KEYS.defaultLabel));
  const duration = ZDefaultDuration.safeParse(value(SETTING_KEYS.defaultDurationMinutes));
  const hidden = value(SETTING_KEYS.leaderboardHiddenByDefault);
  const upload = value(SETTING_KEYS.uploadMaxMb);
  return {
    defaultLabel: label.success ? label.data : DEFAULT_SETTINGS.defaultLabel,
    defaultDurationMinutes: duration.success ? duration.data : DEFAULT_SETTINGS.defaultDurationMinutes,
    leaderboardHiddenByDefault: typeof hidden === "boolean" ? hidden : DEFAULT_SETTINGS.leaderboardHiddenByDefault,
    uploadMaxMb: typeof upload === "number" && Number.isFinite(upload) && upload > 0 ? upload : DEFAULT_SETTINGS.uploadMaxMb,
  };
}

/** The most an admin may allow: the server's own limit (UPLOAD_MAX_BYTES, default 20 MB). */
export function uploadCeilingBytes(env: Record<string, string | undefined> = process.env): number {
  return uploadMaxBytes(env);
}

/** The upload limit in force: the admin's setting when there is one (never above the server's limit), else the server's limit. */
export async function resolveUploadMaxBytes(db: Db, env: Record<string, string | undefined> = process.env): Promise<number> {
  const ceiling = uploadCeilingBytes(env);
  const { uploadMaxMb } = await getSettings(db);
  if (uploadMaxMb === null) return ceiling;
  return Math.min(ceiling, Math.max(1, Math.floor(uploadMaxMb * MB)));
}

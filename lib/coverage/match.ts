/** Planned coverage: which people's devices cover which target. Pure functions, no I/O. */

export type TCoverageTarget = {
  id: string;
  kind: "WEB" | "MOBILE";
  /** Compared ignoring case, spaces and common aliases ("Mac OS X" = "macOS"); "" = any OS of this kind. */
  os: string;
  /** "" = any version. "17" matches 17, 17.5, 17.5.1 (not 170). */
  osVersion: string;
  /** "" = any browser. Ignored for MOBILE targets. */
  browser: string;
};

export type TCoverageDevice = {
  kind: "WEB" | "MOBILE";
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
};

export type TCoveragePerson = { userId: string; name: string; devices: readonly TCoverageDevice[] };

export type TTargetCoverage<T extends TCoverageTarget = TCoverageTarget> = {
  target: T;
  coveredBy: { userId: string; name: string }[];
};

const OS_ALIASES: Record<string, string> = {
  macos: "macos",
  macosx: "macos",
  mac: "macos",
  osx: "macos",
  win: "windows",
  windows: "windows",
  ios: "ios",
  iphoneos: "ios",
  ipados: "ios",
  chromeos: "chromeos",
  chromiumos: "chromeos",
};

const BROWSER_ALIASES: Record<string, string> = {
  googlechrome: "chrome",
  chrome: "chrome",
  microsoftedge: "edge",
  edge: "edge",
  mozillafirefox: "firefox",
  firefox: "firefox",
  mobilesafari: "safari",
  safari: "safari",
};

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, "");

/** "Windows 11" typed into the OS box → name "Windows", version "11" (the version box wins when filled). */
function splitOs(os: string, osVersion: string): { name: string; version: string } {
  const version = osVersion.trim().toLowerCase();
  const m = os.trim().match(/^(.+?)\s+v?(\d+(?:\.\d+)*)$/i);
  if (m) return { name: normalizeOs(m[1]), version: version || m[2] };
  return { name: normalizeOs(os), version };
}

function normalizeOs(os: string): string {
  const s = squash(os);
  return OS_ALIASES[s] ?? s;
}

function normalizeBrowser(browser: string): string {
  const s = squash(browser);
  return BROWSER_ALIASES[s] ?? s;
}

function versionMatches(wanted: string, actual: string): boolean {
  if (!wanted) return true;
  return actual === wanted || actual.startsWith(`${wanted}.`);
}

export function deviceMatchesTarget(target: TCoverageTarget, device: TCoverageDevice): boolean {
  if (target.kind !== device.kind) return false;
  const want = splitOs(target.os, target.osVersion);
  const have = splitOs(device.os, device.osVersion);
  if (want.name && want.name !== have.name) return false;
  if (!versionMatches(want.version, have.version)) return false;
  if (target.kind === "MOBILE") return true;
  const browser = target.browser.trim();
  return browser === "" || normalizeBrowser(browser) === normalizeBrowser(device.browser);
}

/** Each target, in the given order, with the distinct people (in the given order) whose devices match it. */
export function computeCoverage<T extends TCoverageTarget>(
  targets: readonly T[],
  people: readonly TCoveragePerson[],
): TTargetCoverage<T>[] {
  return targets.map((target) => {
    const seen = new Set<string>();
    const coveredBy: { userId: string; name: string }[] = [];
    for (const p of people) {
      if (seen.has(p.userId)) continue;
      if (p.devices.some((d) => deviceMatchesTarget(target, d))) {
        seen.add(p.userId);
        coveredBy.push({ userId: p.userId, name: p.name });
      }
    }
    return { target, coveredBy };
  });
}

/** "Web · Windows 11 · Chrome", "Mobile · iOS 17", "Web · macOS · any browser". */
export function describeTarget(t: Pick<TCoverageTarget, "kind" | "os" | "osVersion" | "browser">): string {
  const os = [t.os.trim() || "any OS", t.osVersion.trim()].filter(Boolean).join(" ");
  if (t.kind === "MOBILE") return `Mobile · ${os}`;
  return `Web · ${os} · ${t.browser.trim() || "any browser"}`;
}

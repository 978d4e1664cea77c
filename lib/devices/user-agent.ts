import { UAParser } from "ua-parser-js";
import type { TDeviceInput } from "@/lib/devices/schema";

const EMPTY: TDeviceInput = { kind: "WEB", os: "", osVersion: "", browser: "", browserVersion: "", phoneName: "" };

// ua-parser names → what a person would type. Linux distributions become "Linux" so they match a "Linux" target.
const OS_NAMES: Record<string, string> = {
  "mac os": "macOS",
  macos: "macOS",
  "chromium os": "Chrome OS",
  "chrome os": "Chrome OS",
  ubuntu: "Linux",
  kubuntu: "Linux",
  debian: "Linux",
  fedora: "Linux",
  mint: "Linux",
  arch: "Linux",
  manjaro: "Linux",
  gentoo: "Linux",
  centos: "Linux",
  redhat: "Linux",
  suse: "Linux",
  "elementary os": "Linux",
  deepin: "Linux",
  slackware: "Linux",
  mageia: "Linux",
  pclinuxos: "Linux",
};

const BROWSER_NAMES: Record<string, string> = {
  "mobile safari": "Safari",
  "mobile chrome": "Chrome",
  "mobile firefox": "Firefox",
  "chrome headless": "Chrome",
  "chrome webview": "Chrome WebView",
};

// Reduced Android UAs ("Android 10; K") carry a placeholder instead of the model.
const PLACEHOLDER_MODELS = new Set(["k", "android", "mobile", "tablet"]);

const clip = (s: string | undefined) => (s ?? "").trim().slice(0, 100);

function osName(name: string | undefined): string {
  const n = clip(name);
  return OS_NAMES[n.toLowerCase()] ?? n;
}

function browserName(name: string | undefined): string {
  const n = clip(name);
  return BROWSER_NAMES[n.toLowerCase()] ?? n.replace(/^Mobile /, "");
}

function phoneName(vendor: string, model: string, os: string, tablet: boolean): string {
  if (model && !PLACEHOLDER_MODELS.has(model.toLowerCase())) {
    if (!vendor || model.toLowerCase().startsWith(vendor.toLowerCase())) return model;
    return `${vendor} ${model}`;
  }
  if (os === "iOS") return tablet ? "iPad" : "iPhone";
  if (os === "Android") return tablet ? "Android tablet" : "Android phone";
  return vendor ? `${vendor} ${tablet ? "tablet" : "phone"}` : tablet ? "Tablet" : "Phone";
}

/**
 * Guess the device a person is using from their User-Agent header, shaped like the device form.
 * Only a pre-fill: the person checks it. Windows 10 and 11 both send "Windows NT 10.0", and macOS
 * freezes at 10.15.7, so versions are what the UA claims. Never throws.
 */
export function deviceFromUserAgent(ua: string | null | undefined): TDeviceInput {
  // An empty string would make ua-parser read navigator.userAgent in a browser; stop before that.
  if (typeof ua !== "string" || ua.trim() === "") return { ...EMPTY };
  try {
    const { browser, os, device } = new UAParser(ua).getResult();
    const osN = osName(os.name);
    const common = {
      os: osN,
      osVersion: clip(os.version),
      browser: browserName(browser.name),
      browserVersion: clip(browser.major ?? browser.version?.split(".")[0]),
    };
    const tablet = device.type === "tablet";
    if (device.type === "mobile" || tablet || osN === "iOS" || osN === "Android") {
      return {
        kind: "MOBILE",
        ...common,
        phoneName: clip(phoneName(clip(device.vendor), clip(device.model), osN, tablet)),
      };
    }
    return { kind: "WEB", ...common, phoneName: "" };
  } catch {
    return { ...EMPTY };
  }
}

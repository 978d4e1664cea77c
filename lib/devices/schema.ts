import { z } from "zod";

export const DEVICE_KINDS = ["WEB", "MOBILE"] as const;

const text = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `Keep the ${label} under 100 characters.`)
    .default("");

export const ZDevice = z
  .object({
    kind: z.enum(DEVICE_KINDS, { error: "Choose web or mobile." }),
    os: text("operating system"),
    osVersion: text("OS version"),
    browser: text("browser"),
    browserVersion: text("browser version"),
    phoneName: text("phone name"),
  })
  .superRefine((d, ctx) => {
    if (d.kind === "WEB") {
      if (!d.os) ctx.addIssue({ code: "custom", path: ["os"], message: "Enter the operating system, for example Windows 11." });
      if (!d.browser) ctx.addIssue({ code: "custom", path: ["browser"], message: "Enter the browser, for example Chrome." });
    } else {
      if (!d.phoneName) ctx.addIssue({ code: "custom", path: ["phoneName"], message: "Enter the phone, for example Pixel 8." });
      if (!d.os) ctx.addIssue({ code: "custom", path: ["os"], message: "Enter the mobile OS, for example Android." });
    }
  });
export type TDeviceInput = z.infer<typeof ZDevice>;

const join = (...parts: string[]) => parts.map((p) => p.trim()).filter(Boolean).join(" ");

/** One line a person recognises: "Windows 11 · Chrome 131" or "Pixel 8 · Android 14". */
export function describeDevice(d: {
  kind: "WEB" | "MOBILE";
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  phoneName: string;
}): string {
  const os = join(d.os, d.osVersion);
  const parts = d.kind === "MOBILE" ? [d.phoneName.trim(), os] : [os, join(d.browser, d.browserVersion)];
  return parts.filter(Boolean).join(" · ");
}

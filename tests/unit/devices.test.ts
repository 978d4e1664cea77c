import { describe, expect, it } from "vitest";
import { describeDevice, ZDevice } from "@/lib/devices/schema";

function messages(raw: unknown): Record<string, string> {
  const r = ZDevice.safeParse(raw);
  if (r.success) throw new Error("expected the device to be rejected");
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("ZDevice", () => {
  it("fills missing fields with empty strings and trims", () => {
    expect(ZDevice.parse({ kind: "WEB", os: " Linux ", browser: "Firefox" })).toEqual({
      kind: "WEB",
      os: "Linux",
      osVersion: "",
      browser: "Firefox",
      browserVersion: "",
      phoneName: "",
    });
  });

  it("accepts a phone with just its name and OS", () => {
    expect(ZDevice.parse({ kind: "MOBILE", phoneName: "Pixel 8", os: "Android", osVersion: "14" })).toEqual({
      kind: "MOBILE",
      os: "Android",
      osVersion: "14",
      browser: "",
      browserVersion: "",
      phoneName: "Pixel 8",
    });
  });

  it("asks for the OS and browser of a web device", () => {
    expect(messages({ kind: "WEB", os: "  ", phoneName: "ignored" })).toEqual({
      os: "Enter the operating system, for example Windows 11.",
      browser: "Enter the browser, for example Chrome.",
    });
  });

  it("asks for the phone and OS of a mobile device, not the browser", () => {
    expect(messages({ kind: "MOBILE", browser: "Chrome" })).toEqual({
      phoneName: "Enter the phone, for example Pixel 8.",
      os: "Enter the mobile OS, for example Android.",
    });
  });

  it("asks to choose a kind", () => {
    expect(messages({ kind: "DESKTOP", os: "Windows", browser: "Chrome" })).toEqual({ kind: "Choose web or mobile." });
    expect(messages({ os: "Windows", browser: "Chrome" })).toEqual({ kind: "Choose web or mobile." });
  });

  it("rejects fields over 100 characters, each on its own path", () => {
    const long = "x".repeat(101);
    const errs = messages({ kind: "WEB", os: long, osVersion: long, browser: long, browserVersion: long, phoneName: long });
    expect(Object.keys(errs).sort()).toEqual(["browser", "browserVersion", "os", "osVersion", "phoneName"]);
    expect(errs.os).toBe("Keep the operating system under 100 characters.");
    expect(errs.browser).toBe("Keep the browser under 100 characters.");
    expect(ZDevice.safeParse({ kind: "WEB", os: "x".repeat(100), browser: "Chrome" }).success).toBe(true);
  });
});

describe("describeDevice", () => {
  const base = { os: "", osVersion: "", browser: "", browserVersion: "", phoneName: "" };
  it("describes a computer by OS and browser", () => {
    expect(describeDevice({ ...base, kind: "WEB", os: "Windows", osVersion: "11", browser: "Chrome", browserVersion: "131" })).toBe(
      "Windows 11 · Chrome 131",
    );
  });
  it("describes a phone by name and OS", () => {
    expect(describeDevice({ ...base, kind: "MOBILE", phoneName: "Pixel 8", os: "Android", osVersion: "14", browser: "Chrome" })).toBe(
      "Pixel 8 · Android 14",
    );
  });
  it("leaves out what is unknown", () => {
    expect(describeDevice({ ...base, kind: "WEB", os: "Linux", browser: "Firefox" })).toBe("Linux · Firefox");
    expect(describeDevice({ ...base, kind: "WEB", os: "macOS" })).toBe("macOS");
    expect(describeDevice({ ...base, kind: "MOBILE", os: "iOS", osVersion: "17.5" })).toBe("iOS 17.5");
  });
});

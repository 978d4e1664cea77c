import { describe, expect, it } from "vitest";
import { deviceFromUserAgent } from "@/lib/devices/user-agent";

const UA = {
  iphoneSafari:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  iphoneChrome:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
  pixel8:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
  galaxyS23:
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
  reducedAndroid:
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  ipad: "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  windowsChrome:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  windowsEdge:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
  macSafari:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
  macFirefox: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0",
  linuxFirefox: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  ubuntuFirefox: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  chromebook:
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

const EMPTY = { kind: "WEB", os: "", osVersion: "", browser: "", browserVersion: "", phoneName: "" };

describe("deviceFromUserAgent: phones and tablets", () => {
  it("reads an iPhone on Safari, iOS 17.5", () => {
    expect(deviceFromUserAgent(UA.iphoneSafari)).toEqual({
      kind: "MOBILE",
      phoneName: "Apple iPhone",
      os: "iOS",
      osVersion: "17.5",
      browser: "Safari",
      browserVersion: "17",
    });
  });

  it("reads Chrome on an iPhone as Chrome, not Safari", () => {
    expect(deviceFromUserAgent(UA.iphoneChrome)).toMatchObject({ kind: "MOBILE", os: "iOS", browser: "Chrome", browserVersion: "131" });
  });

  it("reads a Pixel 8 on Chrome, Android 14", () => {
    expect(deviceFromUserAgent(UA.pixel8)).toEqual({
      kind: "MOBILE",
      phoneName: "Google Pixel 8",
      os: "Android",
      osVersion: "14",
      browser: "Chrome",
      browserVersion: "131",
    });
  });

  it("reads a Samsung Galaxy S23 Ultra on Samsung Internet", () => {
    expect(deviceFromUserAgent(UA.galaxyS23)).toEqual({
      kind: "MOBILE",
      phoneName: "Samsung SM-S918B",
      os: "Android",
      osVersion: "14",
      browser: "Samsung Internet",
      browserVersion: "25",
    });
  });

  it("falls back to 'Android phone' when Chrome hides the model", () => {
    expect(deviceFromUserAgent(UA.reducedAndroid)).toMatchObject({ kind: "MOBILE", phoneName: "Android phone", os: "Android", osVersion: "10" });
  });

  it("treats an iPad as mobile", () => {
    expect(deviceFromUserAgent(UA.ipad)).toEqual({
      kind: "MOBILE",
      phoneName: "Apple iPad",
      os: "iOS",
      osVersion: "17.5",
      browser: "Safari",
      browserVersion: "17",
    });
  });
});

describe("deviceFromUserAgent: computers", () => {
  it("reads Chrome on Windows (10 and 11 both send Windows NT 10.0)", () => {
    expect(deviceFromUserAgent(UA.windowsChrome)).toEqual({
      kind: "WEB",
      os: "Windows",
      osVersion: "10",
      browser: "Chrome",
      browserVersion: "131",
      phoneName: "",
    });
  });

  it("reads Edge on Windows as Edge", () => {
    expect(deviceFromUserAgent(UA.windowsEdge)).toMatchObject({ kind: "WEB", os: "Windows", browser: "Edge", browserVersion: "131" });
  });

  it("reads Safari on macOS, keeping the frozen 10.15.7", () => {
    expect(deviceFromUserAgent(UA.macSafari)).toEqual({
      kind: "WEB",
      os: "macOS",
      osVersion: "10.15.7",
      browser: "Safari",
      browserVersion: "17",
      phoneName: "",
    });
  });

  it("reads Firefox on macOS", () => {
    expect(deviceFromUserAgent(UA.macFirefox)).toEqual({
      kind: "WEB",
      os: "macOS",
      osVersion: "10.15",
      browser: "Firefox",
      browserVersion: "133",
      phoneName: "",
    });
  });

  it("reads Firefox on Linux with no version", () => {
    expect(deviceFromUserAgent(UA.linuxFirefox)).toEqual({
      kind: "WEB",
      os: "Linux",
      osVersion: "",
      browser: "Firefox",
      browserVersion: "133",
      phoneName: "",
    });
  });

  it("reports a Linux distribution as Linux", () => {
    expect(deviceFromUserAgent(UA.ubuntuFirefox)).toMatchObject({ kind: "WEB", os: "Linux", browser: "Firefox" });
  });

  it("reads a Chromebook as Chrome OS", () => {
    expect(deviceFromUserAgent(UA.chromebook)).toMatchObject({ kind: "WEB", os: "Chrome OS", browser: "Chrome", browserVersion: "131" });
  });
});

describe("deviceFromUserAgent: nothing to go on", () => {
  it.each([
    ["an empty string", ""],
    ["only spaces", "   "],
    ["null", null],
    ["undefined", undefined],
    ["garbage", "asdf qwerty ¯\\_(ツ)_/¯ <script>"],
    ["curl", "curl/8.4.0"],
  ])("gives an empty web device for %s", (_name, ua) => {
    expect(deviceFromUserAgent(ua)).toEqual(EMPTY);
  });

  it("does not throw on a very long header and keeps fields short", () => {
    const d = deviceFromUserAgent(`${UA.pixel8} ${"x".repeat(20_000)}`);
    expect(d.kind).toBe("MOBILE");
    for (const v of Object.values(d)) expect(v.length).toBeLessThanOrEqual(100);
  });
});

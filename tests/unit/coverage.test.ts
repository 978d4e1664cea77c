import { describe, expect, it } from "vitest";
import { computeCoverage, describeTarget, deviceMatchesTarget, type TCoverageDevice, type TCoverageTarget } from "@/lib/coverage/match";

const web = (os: string, osVersion: string, browser: string, browserVersion = ""): TCoverageDevice => ({
  kind: "WEB",
  os,
  osVersion,
  browser,
  browserVersion,
  phoneName: "",
});
const phone = (phoneName: string, os: string, osVersion: string, browser = ""): TCoverageDevice => ({
  kind: "MOBILE",
  os,
  osVersion,
  browser,
  browserVersion: "",
  phoneName,
});
const target = (kind: "WEB" | "MOBILE", os: string, osVersion = "", browser = "", id = "t"): TCoverageTarget => ({
  id,
  kind,
  os,
  osVersion,
  browser,
});

describe("deviceMatchesTarget", () => {
  it("matches the same OS, version and browser", () => {
    expect(deviceMatchesTarget(target("WEB", "Windows", "11", "Chrome"), web("Windows", "11", "Chrome", "131"))).toBe(true);
  });

  it("never matches across kinds", () => {
    expect(deviceMatchesTarget(target("WEB", "Android"), phone("Pixel 8", "Android", "14"))).toBe(false);
    expect(deviceMatchesTarget(target("MOBILE", "Windows"), web("Windows", "11", "Chrome"))).toBe(false);
  });

  it("rejects a different OS or browser", () => {
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "Chrome"), web("Linux", "", "Chrome"))).toBe(false);
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "Chrome"), web("Windows", "11", "Firefox"))).toBe(false);
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "Chrome"), web("Windows", "11", ""))).toBe(false);
  });

  it("treats the version as a prefix on dot boundaries", () => {
    const ios17 = target("MOBILE", "iOS", "17");
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", "17"))).toBe(true);
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", "17.5"))).toBe(true);
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", "17.5.1"))).toBe(true);
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", "170"))).toBe(false);
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", "16.7"))).toBe(false);
    expect(deviceMatchesTarget(ios17, phone("iPhone 15", "iOS", ""))).toBe(false);
    expect(deviceMatchesTarget(target("MOBILE", "iOS", "17.5"), phone("iPhone 15", "iOS", "17"))).toBe(false);
  });

  it("matches any version when the target has none", () => {
    expect(deviceMatchesTarget(target("MOBILE", "Android"), phone("Pixel 8", "Android", "14"))).toBe(true);
    expect(deviceMatchesTarget(target("MOBILE", "Android"), phone("Pixel 8", "Android", ""))).toBe(true);
  });

  it("ignores case, spaces and common OS aliases", () => {
    expect(deviceMatchesTarget(target("WEB", "macOS"), web("Mac OS X", "10.15.7", "Safari"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "macOS"), web("mac os", "14", "Safari"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "macOS"), web("OS X", "10.15", "Safari"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "Windows"), web("win", "10", "Chrome"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "windows"), web("WINDOWS", "10", "Chrome"))).toBe(true);
    expect(deviceMatchesTarget(target("MOBILE", "iOS"), phone("iPhone", "iPhone OS", "17.5"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "Chrome OS"), web("ChromeOS", "", "Chrome"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "macOS"), web("iOS", "17", "Safari"))).toBe(false);
  });

  it("reads a version typed into the OS box", () => {
    expect(deviceMatchesTarget(target("WEB", "Windows", "11"), web("Windows 11", "", "Edge"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "Windows", "11"), web("Windows 10", "", "Edge"))).toBe(false);
    expect(deviceMatchesTarget(target("MOBILE", "Android 14"), phone("Pixel 8", "Android", "14"))).toBe(true);
  });

  it("ignores case and browser aliases", () => {
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "chrome"), web("Windows", "11", "Google Chrome"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "Microsoft Edge"), web("Windows", "11", "edge"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "Windows", "", "Edge"), web("Windows", "11", "Chrome"))).toBe(false);
  });

  it("matches any browser when the target has none", () => {
    expect(deviceMatchesTarget(target("WEB", "macOS", "", ""), web("macOS", "14", "Firefox"))).toBe(true);
    expect(deviceMatchesTarget(target("WEB", "macOS", "", "  "), web("macOS", "14", "Safari"))).toBe(true);
  });

  it("ignores the browser for mobile targets", () => {
    expect(deviceMatchesTarget(target("MOBILE", "Android", "14", "Firefox"), phone("Pixel 8", "Android", "14", "Chrome"))).toBe(true);
  });
});

describe("computeCoverage", () => {
  const targets = [
    target("WEB", "Windows", "11", "Chrome", "win-chrome"),
    target("MOBILE", "iOS", "17", "", "ios"),
    target("WEB", "Linux", "", "", "linux"),
  ];
  const people = [
    { userId: "u1", name: "Ada", devices: [web("Windows", "11", "Chrome"), web("Windows", "11.0", "Google Chrome")] },
    { userId: "u2", name: "Bo", devices: [phone("iPhone 15", "iOS", "17.5"), web("Windows", "11", "chrome")] },
    { userId: "u3", name: "Cy", devices: [phone("iPhone 12", "iOS", "16.7")] },
    { userId: "u1", name: "Ada", devices: [web("Windows", "11", "Chrome")] },
  ];

  it("lists each target in order with the distinct people covering it", () => {
    const result = computeCoverage(targets, people);
    expect(result.map((r) => r.target.id)).toEqual(["win-chrome", "ios", "linux"]);
    expect(result[0].coveredBy).toEqual([
      { userId: "u1", name: "Ada" },
      { userId: "u2", name: "Bo" },
    ]);
    expect(result[1].coveredBy).toEqual([{ userId: "u2", name: "Bo" }]);
    expect(result[2].coveredBy).toEqual([]);
  });

  it("keeps the caller's target objects", () => {
    const withExtra = [{ ...targets[1], note: "RC build" }];
    expect(computeCoverage(withExtra, people)[0].target).toBe(withExtra[0]);
  });

  it("handles no targets and no people", () => {
    expect(computeCoverage([], people)).toEqual([]);
    expect(computeCoverage(targets, [])).toEqual(targets.map((t) => ({ target: t, coveredBy: [] })));
  });
});

describe("describeTarget", () => {
  it("describes web and mobile targets", () => {
    expect(describeTarget(target("WEB", "Windows", "11", "Chrome"))).toBe("Web · Windows 11 · Chrome");
    expect(describeTarget(target("MOBILE", "iOS", "17"))).toBe("Mobile · iOS 17");
    expect(describeTarget(target("MOBILE", "Android", "", "Chrome"))).toBe("Mobile · Android");
    expect(describeTarget(target("WEB", "macOS"))).toBe("Web · macOS · any browser");
  });
});

import { describe, expect, it } from "vitest";
import { ZCreateBash } from "@/lib/bashes/schema";
import { AppError } from "@/lib/errors";
import { zonedWallTimeToUtc } from "@/lib/time";
import { ZCreateFirstAdmin } from "@/lib/users/schema";
import { parseInput } from "@/lib/validation";

function fieldErrors(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.fieldErrors;
    throw e;
  }
  throw new Error("expected an INVALID error");
}

describe("ZCreateBash", () => {
  it("fills defaults for a minimal bash", () => {
    const b = parseInput(ZCreateBash, { title: "  RC1 bash " });
    expect(b).toMatchObject({ title: "RC1 bash", durationMinutes: 60, timeZone: "UTC", scheduledStart: "", videoLink: "" });
  });
  it("says what is wrong, field by field", () => {
    const errs = fieldErrors(() =>
      parseInput(ZCreateBash, { title: "", durationMinutes: "5", timeZone: "Mars/Olympus", videoLink: "javascript:alert(1)" }),
    );
    expect(errs).toEqual({
      title: "Give the bash a title.",
      durationMinutes: "A bash lasts at least 15 minutes.",
      timeZone: "Choose a time zone from the list.",
      videoLink: "Enter a link that starts with https:// (or leave it empty).",
    });
  });
  it("accepts 15 to 240 minutes", () => {
    expect(parseInput(ZCreateBash, { title: "x", durationMinutes: "240" }).durationMinutes).toBe(240);
    expect(fieldErrors(() => parseInput(ZCreateBash, { title: "x", durationMinutes: 241 }))?.durationMinutes).toMatch(/at most 240/);
  });
});

describe("ZCreateFirstAdmin", () => {
  it("normalises the email and demands a 10-character password", () => {
    expect(parseInput(ZCreateFirstAdmin, { name: "Ada", email: " Ada@Example.COM ", password: "0123456789" }).email).toBe("ada@example.com");
    expect(fieldErrors(() => parseInput(ZCreateFirstAdmin, { name: "Ada", email: "nope", password: "short" }))).toEqual({
      email: "Enter a valid email address, like ana@example.com.",
      password: "Use at least 10 characters for the password.",
    });
  });
});

describe("zonedWallTimeToUtc", () => {
  it("converts wall-clock times in a zone, across daylight saving", () => {
    expect(zonedWallTimeToUtc("2026-01-15T14:00", "Europe/London").toISOString()).toBe("2026-01-15T14:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-07-15T14:00", "Europe/London").toISOString()).toBe("2026-07-15T13:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-07-15T09:30", "Asia/Kolkata").toISOString()).toBe("2026-07-15T04:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-03-08T12:00", "America/New_York").toISOString()).toBe("2026-03-08T16:00:00.000Z");
  });
});

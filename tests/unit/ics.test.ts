import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { bashIcsUid, buildBashIcs, icsFileName, markdownToText, type IcsBash } from "@/lib/calendar/ics";

const START = new Date("2026-12-01T14:00:00.000Z");
const NOW = new Date("2026-11-20T09:30:15.000Z");

function makeBash(over: Partial<IcsBash> = {}): IcsBash {
  return {
    id: "ckbash123",
    title: "Checkout bash",
    product: "Shop",
    release: "2.4",
    scope: "## Scope\nTest the **new checkout** flow. See [the spec](https://example.com/spec).",
    scheduledStart: START,
    durationMinutes: 90,
    location: "Room 4.12",
    videoLink: "https://meet.example.com/abc-defg",
    calendarSequence: 3,
    prerequisitesWeb: "Use Chrome or Firefox, latest.",
    prerequisitesMobile: "Install TestFlight first.",
    environments: [
      {
        name: "Staging",
        url: "https://staging.shop.example.com",
        testDataNotes: "Use card 4242 4242 4242 4242",
        iosBuildUrl: "https://testflight.apple.com/join/XYZ",
        androidBuildUrl: "https://play.google.com/apps/internaltest/123",
      },
    ],
    features: [{ menuName: "Cart", description: "Add, remove, change quantity" }],
    url: "https://bashboard.example.com/bashes/ckbash123",
    ...over,
  };
}

function parseEvent(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { cal, vevent, event: new ICAL.Event(vevent) };
}

describe("buildBashIcs", () => {
  it("round-trips the event fields through ical.js", () => {
    const ics = buildBashIcs(makeBash(), { now: NOW });
    const { cal, vevent, event } = parseEvent(ics);
    expect(cal.getFirstPropertyValue("version")).toBe("2.0");
    expect(cal.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(cal.getFirstPropertyValue("calscale")).toBe("GREGORIAN");
    expect(cal.getFirstPropertyValue("prodid")).toMatch(/Bashboard/);
    expect(cal.getAllSubcomponents("vevent")).toHaveLength(1);

    expect(event.summary).toBe("Checkout bash — Shop 2.4");
    expect(event.uid).toBe("bash-ckbash123@bashboard");
    expect(event.sequence).toBe(3);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-12-01T15:30:00.000Z");
    expect(event.startDate.zone?.tzid).toBe("UTC");
    expect(event.location).toBe("Room 4.12 · https://meet.example.com/abc-defg");
    expect(vevent.getFirstPropertyValue("url")).toBe("https://bashboard.example.com/bashes/ckbash123");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect((vevent.getFirstPropertyValue("dtstamp") as ICAL.Time).toJSDate().toISOString()).toBe("2026-11-20T09:30:15.000Z");
    expect(ics).toContain("\r\nDTSTART:20261201T140000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261201T153000Z\r\n");

    const description = event.description;
    expect(description).toContain("https://bashboard.example.com/bashes/ckbash123");
    expect(description).toContain("Join the call: https://meet.example.com/abc-defg");
    expect(description).toContain("Scope\nScope\nTest the new checkout flow. See the spec (https://example.com/spec).");
    expect(description).toContain("• Staging\n  URL: https://staging.shop.example.com");
    expect(description).toContain("Test data: Use card 4242 4242 4242 4242");
    expect(description).toContain("iOS build: https://testflight.apple.com/join/XYZ");
    expect(description).toContain("Android build: https://play.google.com/apps/internaltest/123");
    expect(description).toContain("Features under test\n• Cart — Add, remove, change quantity");
    expect(description).toContain("Prerequisites (web)\nUse Chrome or Firefox, latest.");
    expect(description).toContain("Prerequisites (mobile)\nInstall TestFlight first.");
    expect(description).not.toContain("**");

    const alarm = vevent.getFirstSubcomponent("valarm");
    expect(alarm?.getFirstPropertyValue("action")).toBe("DISPLAY");
    expect(String(alarm?.getFirstPropertyValue("trigger"))).toBe("-PT15M");
  });

  it("skips empty sections and the product suffix when there is none", () => {
    const ics = buildBashIcs(
      makeBash({ product: "", release: "", scope: "", videoLink: "", prerequisitesWeb: "", prerequisitesMobile: "  ", environments: [], features: [] }),
      { now: NOW },
    );
    const { event } = parseEvent(ics);
    expect(event.summary).toBe("Checkout bash");
    expect(event.location).toBe("Room 4.12");
    expect(event.description).toBe("Open the bash in Bashboard: https://bashboard.example.com/bashes/ckbash123\nRoom: Room 4.12");
    for (const heading of ["Scope", "Environments", "Features under test", "Prerequisites", "Join the call"]) {
      expect(event.description).not.toContain(heading);
    }
  });

  it("escapes commas, semicolons, backslashes and newlines in TEXT values", () => {
    const title = String.raw`Bash, part 1; C:\path\to "it"`;
    const location = "Room A, floor 2;\nnext to the kitchen";
    const ics = buildBashIcs(makeBash({ title, product: "", release: "", location, videoLink: "" }), { now: NOW });
    expect(ics).toContain(String.raw`SUMMARY:Bash\, part 1\; C:\\path\\to "it"`);
    expect(ics).toContain(String.raw`LOCATION:Room A\, floor 2\;\nnext to the kitchen`);
    const { event } = parseEvent(ics);
    expect(event.summary).toBe(title);
    expect(event.location).toBe(location);

    const notes = "line one\r\nline two; with, commas \\ and backslash";
    const parsed = parseEvent(buildBashIcs(makeBash({ environments: [{ ...makeBash().environments[0], testDataNotes: notes }] }))).event;
    expect(parsed.description).toContain("Test data: line one\n    line two; with, commas \\ and backslash");
  });

  it("folds long lines at 75 octets without splitting characters, and parses back identical", () => {
    const chunk = "Ünïcödé 🐛🚀 日本語のテキスト Русский текст עברית 👩‍💻 — ";
    const longTitle = chunk.repeat(8).trim();
    const longScope = Array.from({ length: 40 }, (_, i) => `${i}: ${chunk.trim()}`).join("\n");
    const ics = buildBashIcs(makeBash({ title: longTitle, product: "", release: "", scope: longScope }), { now: NOW });

    const bytes = Buffer.from(ics, "utf8");
    const decoder = new TextDecoder("utf-8", { fatal: true });
    let lineCount = 0;
    let from = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        const line = bytes.subarray(from, i);
        expect(line.length).toBeLessThanOrEqual(75);
        // Decoding each physical line on its own would throw if a character had been split.
        expect(() => decoder.decode(line)).not.toThrow();
        lineCount++;
        from = i + 2;
      }
    }
    expect(from).toBe(bytes.length); // the file ends with CRLF
    expect(lineCount).toBeGreaterThan(60);
    expect(ics).toMatch(/\r\n [^\r\n]/); // there are continuation lines

    const { event } = parseEvent(ics);
    expect(event.summary).toBe(longTitle);
    expect(event.description).toContain(`Scope\n${longScope}`);
  });

  it("every line ends in CRLF; no bare LF or CR", () => {
    const ics = buildBashIcs(makeBash({ scope: "a\nb\rc\r\nd" }), { now: NOW });
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  });

  it("REQUEST carries the organizer and the attendee", () => {
    const ics = buildBashIcs(makeBash(), {
      method: "REQUEST",
      organizer: { email: "facilitator@example.com", name: "Fay, the Facilitator" },
      attendee: { email: "pat@example.com", name: 'Pat "P" O\'Neil\r\nX-EVIL:1' },
      now: NOW,
    });
    expect(ics).not.toMatch(/^X-EVIL/m);
    const { cal, vevent } = parseEvent(ics);
    expect(cal.getFirstPropertyValue("method")).toBe("REQUEST");
    const organizer = vevent.getFirstProperty("organizer");
    expect(organizer?.getFirstValue()).toBe("mailto:facilitator@example.com");
    expect(organizer?.getParameter("cn")).toBe("Fay, the Facilitator");
    const attendee = vevent.getFirstProperty("attendee");
    expect(attendee?.getFirstValue()).toBe("mailto:pat@example.com");
    expect(attendee?.getParameter("cn")).toBe("Pat P O'Neil X-EVIL:1");
    expect(attendee?.getParameter("role")).toBe("REQ-PARTICIPANT");
    expect(attendee?.getParameter("partstat")).toBe("NEEDS-ACTION");
    expect(attendee?.getParameter("rsvp")).toBe("FALSE");
    expect(ics).toContain('ORGANIZER;CN="Fay, the Facilitator":mailto:facilitator@example.com\r\n');
  });

  it("PUBLISH has no attendee", () => {
    const ics = buildBashIcs(makeBash(), { attendee: { email: "pat@example.com", name: "Pat" }, now: NOW });
    expect(parseEvent(ics).vevent.getFirstProperty("attendee")).toBeNull();
  });

  it("keeps the UID stable across builds and reflects the sequence", () => {
    const first = buildBashIcs(makeBash({ calendarSequence: 0 }), { now: NOW });
    const second = buildBashIcs(makeBash({ calendarSequence: 1, title: "Renamed bash", scheduledStart: new Date("2026-12-02T10:00:00Z") }));
    const a = parseEvent(first).event;
    const b = parseEvent(second).event;
    expect(a.uid).toBe(bashIcsUid("ckbash123"));
    expect(b.uid).toBe(a.uid);
    expect(a.sequence).toBe(0);
    expect(b.sequence).toBe(1);
    expect(b.startDate.toJSDate().toISOString()).toBe("2026-12-02T10:00:00.000Z");
    expect(parseEvent(buildBashIcs(makeBash({ id: "other" }))).event.uid).toBe("bash-other@bashboard");
  });

  it("refuses an invalid start date", () => {
    expect(() => buildBashIcs(makeBash({ scheduledStart: new Date("nope") }))).toThrow(/scheduledStart/);
  });
});

describe("icsFileName", () => {
  it("makes a safe ascii name ending in .ics", () => {
    expect(icsFileName("Checkout Bash: v2.1 / Café")).toBe("checkout-bash-v2-1-cafe.ics");
    expect(icsFileName("日本語 🐛")).toBe("bug-bash.ics");
    expect(icsFileName("../../etc/passwd")).toBe("etc-passwd.ics");
    const long = icsFileName("a".repeat(200));
    expect(long).toMatch(/^[a-z0-9-]+\.ics$/);
    expect(long.length).toBeLessThanOrEqual(64);
  });
});

describe("markdownToText", () => {
  it("drops markup but keeps words and link targets", () => {
    expect(markdownToText("# Title\n\n* one\n* **two** and _three_\n\n> quoted `code`\n\n[docs](https://x.example/d)")).toBe(
      "Title\n\n- one\n- two and three\n\nquoted code\n\ndocs (https://x.example/d)",
    );
    expect(markdownToText("snake_case_name stays")).toBe("snake_case_name stays");
  });
});

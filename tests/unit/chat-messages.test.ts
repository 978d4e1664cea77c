import { describe, expect, it } from "vitest";
import {
  bashEndedText,
  bashExtendedText,
  bashStartedText,
  chatLink,
  chatTestText,
  chatTextPreview,
  criticalReportText,
  escapeChatText,
  formatChatTime,
} from "@/lib/chat/messages";

const URL = "https://bashboard.example.com/bashes/b1";

describe("chat messages", () => {
  it("escapes &, < and > so user text cannot ping a channel or forge a link", () => {
    expect(escapeChatText("<!channel> Tom & Jerry > <https://evil.example|click>")).toBe(
      "&lt;!channel&gt; Tom &amp; Jerry &gt; &lt;https://evil.example|click&gt;",
    );
    expect(chatLink(URL, "<!here> a & b")).toBe(`<${URL}|&lt;!here&gt; a &amp; b>`);
    // Characters that would end the link are encoded in the URL; new lines in a label become spaces.
    expect(chatLink("https://x.example/a b|c>d", "two\nlines")).toBe("<https://x.example/a%20b%7Cc%3Ed|two lines>");
    // No absolute URL (no base URL known): just the label.
    expect(chatLink("/bashes/b1", "Title")).toBe("Title");
    expect(chatLink("", "A & B")).toBe("A &amp; B");
  });

  it("formats times in the bash's zone and names the zone", () => {
    const at = new Date("2030-05-06T13:30:00Z");
    expect(formatChatTime(at, "Europe/Berlin")).toBe("Mon 6 May 2030, 15:30 (Europe/Berlin)");
    expect(formatChatTime(at, "America/New_York")).toBe("Mon 6 May 2030, 09:30 (America/New_York)");
    expect(formatChatTime(at, "UTC")).toBe("Mon 6 May 2030, 13:30 (UTC)");
    expect(formatChatTime(at, "Not/AZone")).toBe("Mon 6 May 2030, 13:30 (UTC)");
  });

  it("start, extension and end", () => {
    const endsAt = new Date("2030-05-06T13:30:00Z");
    expect(bashStartedText({ title: "Shop <3.0>", endsAt, timeZone: "Europe/Berlin", url: URL })).toBe(
      `The bug bash <${URL}|Shop &lt;3.0&gt;> has started. It runs until Mon 6 May 2030, 15:30 (Europe/Berlin).`,
    );
    expect(bashExtendedText({ title: "Shop", minutes: 15, endsAt, timeZone: "Asia/Kolkata", url: URL })).toBe(
      `The bug bash <${URL}|Shop> was extended by 15 minutes. It now ends at Mon 6 May 2030, 19:00 (Asia/Kolkata).`,
    );
    expect(bashExtendedText({ title: "Shop", minutes: 1, endsAt, timeZone: "UTC", url: URL })).toContain("extended by 1 minute.");
    expect(bashEndedText({ title: "Shop", reportCount: 12, url: URL })).toBe(`The bug bash <${URL}|Shop> has ended with 12 reports. Thank you, everyone!`);
    expect(bashEndedText({ title: "Shop", reportCount: 1, url: URL })).toContain("with 1 report.");
    expect(bashEndedText({ title: "Shop", reportCount: 0, url: URL })).toContain("with no reports.");
  });

  it("a critical report names the bash, the number, the title, the feature and the reporter, all escaped", () => {
    const text = criticalReportText({
      bashTitle: "R&D bash",
      number: 7,
      title: "Checkout <script> crashes",
      reporterName: "Ana <!everyone>",
      featureName: "Cart > Pay",
      url: `${URL}/reports/7`,
    });
    expect(text).toBe(
      `Critical report #7 in R&amp;D bash: <${URL}/reports/7|Checkout &lt;script&gt; crashes> (Cart &gt; Pay), filed by Ana &lt;!everyone&gt;.`,
    );
    expect(criticalReportText({ bashTitle: "B", number: 1, title: "T", reporterName: "", url: URL })).toBe(`Critical report #1 in B: <${URL}|T>, filed by someone.`);
  });

  it("reads back as plain text for the plan page", () => {
    const text = criticalReportText({ bashTitle: "R&D", number: 2, title: "a < b", reporterName: "Bo", featureName: null, url: URL });
    expect(chatTextPreview(text)).toBe("Critical report #2 in R&D: a < b, filed by Bo.");
    expect(chatTextPreview(chatTestText({ title: "Shop", url: URL }))).toBe(
      "Test message from Bashboard: Shop will post its start, extensions, end and critical reports here.",
    );
  });
});

// The texts Bashboard posts to a bash's team-chat webhook. Slack's `{ "text": … }` payload (mrkdwn),
// which Teams' incoming webhooks accept too. Every piece of user text is escaped, so a title like
// "<!channel>" cannot ping a whole channel, and links are written as <url|label>.

/** Escape text for Slack mrkdwn: only &, < and > have a meaning there that must be neutralised. */
export function escapeChatText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A <url|label> link; the label is escaped, and characters that would end the link are encoded in
 * the URL. Without an absolute http(s) URL (no base URL known) it is just the label.
 */
export function chatLink(url: string, label: string): string {
  const safeUrl = url.trim().replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  const absolute = /^https?:\/\/[^/]/i.test(safeUrl);
  const safeLabel = escapeChatText(oneLine(label)) || (absolute ? safeUrl : "");
  return absolute ? `<${safeUrl}|${safeLabel}>` : safeLabel;
}

/** What a chat text reads as to a person (for the plan page's list of recent posts): links become their labels. */
export function chatTextPreview(text: string): string {
  return text
    .replace(/<([^<>|]*)\|([^<>]*)>/g, "$2")
    .replace(/<([^<>]*)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** "Tue 6 May 2030, 15:30 (Europe/Berlin)": a time in the bash's own zone, with the zone named. */
export function formatChatTime(at: Date, timeZone: string): string {
  // Built from parts: the punctuation of a locale's whole format differs between ICU versions.
  const fmt = (tz: string) => {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(at);
    const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "";
    return `${get("weekday")} ${get("day")} ${get("month")} ${get("year")}, ${get("hour")}:${get("minute")}`;
  };
  try {
    return `${fmt(timeZone)} (${timeZone})`;
  } catch {
    // An unknown zone name (should not happen: the bash form validates it): say UTC rather than fail.
    return `${fmt("UTC")} (UTC)`;
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function bashStartedText(b: { title: string; endsAt: Date; timeZone: string; url: string }): string {
  return `The bug bash ${chatLink(b.url, b.title)} has started. It runs until ${formatChatTime(b.endsAt, b.timeZone)}.`;
}

export function bashExtendedText(b: { title: string; minutes: number; endsAt: Date; timeZone: string; url: string }): string {
  return `The bug bash ${chatLink(b.url, b.title)} was extended by ${plural(b.minutes, "minute", "minutes")}. It now ends at ${formatChatTime(b.endsAt, b.timeZone)}.`;
}

export function bashEndedText(b: { title: string; reportCount: number; url: string }): string {
  const reports = b.reportCount === 0 ? "no reports" : plural(b.reportCount, "report", "reports");
  return `The bug bash ${chatLink(b.url, b.title)} has ended with ${reports}. Thank you, everyone!`;
}

export function criticalReportText(r: { bashTitle: string; number: number; title: string; reporterName: string; featureName?: string | null; url: string }): string {
  const feature = r.featureName?.trim() ? ` (${escapeChatText(oneLine(r.featureName))})` : "";
  const reporter = oneLine(r.reporterName) || "someone";
  return `Critical report #${r.number} in ${escapeChatText(oneLine(r.bashTitle))}: ${chatLink(r.url, r.title)}${feature}, filed by ${escapeChatText(reporter)}.`;
}

export function chatTestText(b: { title: string; url: string }): string {
  return `Test message from Bashboard: ${chatLink(b.url, b.title)} will post its start, extensions, end and critical reports here.`;
}

// A hand-written RFC 5545 calendar invite for a bash: one VEVENT in UTC, CRLF line endings,
// lines folded at 75 octets (UTF-8, never inside a character), TEXT values escaped.

export type IcsBash = {
  id: string;
  title: string;
  product: string;
  release: string;
  /** Markdown; the invite carries it as plain text. */
  scope: string;
  scheduledStart: Date;
  durationMinutes: number;
  location: string;
  videoLink: string;
  calendarSequence: number;
  prerequisitesWeb: string;
  prerequisitesMobile: string;
  environments: { name: string; url: string; testDataNotes: string; iosBuildUrl: string; androidBuildUrl: string }[];
  features: { menuName: string; description: string }[];
  /** Absolute link to the bash page in Bashboard. */
  url: string;
};

export type IcsPerson = { email: string; name: string };

export type IcsOptions = {
  /** CANCEL withdraws an earlier REQUEST (same UID, higher SEQUENCE). */
  method?: "PUBLISH" | "REQUEST" | "CANCEL";
  organizer?: IcsPerson;
  attendee?: IcsPerson;
  now?: Date;
};

const CRLF = "\r\n";
const PRODID = "-//Bashboard//Bug bash invite//EN";
const REMINDER_MINUTES = 15;

/** The UID of a bash's event: the same for every build, so updates replace the earlier invite. */
export function bashIcsUid(bashId: string): string {
  return `bash-${bashId}@bashboard`;
}

/** A safe ASCII file name for the invite, e.g. "Checkout Bash: v2.1" → "checkout-bash-v2-1.ics". */
export function icsFileName(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 60)
    .replace(/-+$/, "")
    .toLowerCase();
  return `${base || "bug-bash"}.ics`;
}

export function buildBashIcs(bash: IcsBash, opts: IcsOptions = {}): string {
  const method = opts.method ?? "PUBLISH";
  const start = bash.scheduledStart;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) throw new Error("buildBashIcs: scheduledStart is not a valid date.");
  const minutes = Number.isFinite(bash.durationMinutes) ? Math.max(1, Math.round(bash.durationMinutes)) : 60;
  const end = new Date(start.getTime() + minutes * 60_000);
  const now = opts.now ?? new Date();

  const productRelease = [bash.product, bash.release].map((s) => s.trim()).filter(Boolean).join(" ");
  const summary = productRelease ? `${bash.title.trim()} — ${productRelease}` : bash.title.trim();
  const location = [bash.location, bash.videoLink].map((s) => s.trim()).filter(Boolean).join(" · ");

  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    "BEGIN:VEVENT",
    `UID:${bashIcsUid(bash.id)}`,
    `SEQUENCE:${Math.max(0, Math.trunc(bash.calendarSequence) || 0)}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART:${utcStamp(start)}`,
    `DTEND:${utcStamp(end)}`,
    `SUMMARY:${escapeText(summary)}`,
  ];
  if (location) lines.push(`LOCATION:${escapeText(location)}`);
  const url = uriValue(bash.url);
  if (url) lines.push(`URL:${url}`);
  const description = describeBash(bash);
  if (description) lines.push(`DESCRIPTION:${escapeText(description)}`);
  lines.push(method === "CANCEL" ? "STATUS:CANCELLED" : "STATUS:CONFIRMED", "TRANSP:OPAQUE");
  if (opts.organizer?.email.trim()) lines.push(`ORGANIZER${cnParam(opts.organizer.name)}:mailto:${mailtoValue(opts.organizer.email)}`);
  if ((method === "REQUEST" || method === "CANCEL") && opts.attendee?.email.trim()) {
    lines.push(
      `ATTENDEE${cnParam(opts.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${mailtoValue(opts.attendee.email)}`,
    );
  }
  if (method !== "CANCEL") {
    lines.push(
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${escapeText(`Starting in ${REMINDER_MINUTES} minutes: ${summary}`)}`,
      `TRIGGER:-PT${REMINDER_MINUTES}M`,
      "END:VALARM",
    );
  }
  lines.push("END:VEVENT", "END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The readable plain-text brief that goes into DESCRIPTION; empty sections are left out. */
function describeBash(bash: IcsBash): string {
  const sections: string[] = [];
  const head: string[] = [];
  if (bash.url.trim()) head.push(`Open the bash in Bashboard: ${bash.url.trim()}`);
  if (bash.videoLink.trim()) head.push(`Join the call: ${bash.videoLink.trim()}`);
  if (bash.location.trim()) head.push(`Room: ${bash.location.trim()}`);
  if (head.length) sections.push(head.join("\n"));

  const scope = markdownToText(bash.scope);
  if (scope) sections.push(`Scope\n${scope}`);

  const envs = bash.environments
    .map((env, i) => {
      const out = [`• ${env.name.trim() || `Environment ${i + 1}`}`];
      if (env.url.trim()) out.push(`  URL: ${env.url.trim()}`);
      const notes = markdownToText(env.testDataNotes);
      if (notes) out.push(`  Test data: ${indent(notes, "    ")}`);
      if (env.iosBuildUrl.trim()) out.push(`  iOS build: ${env.iosBuildUrl.trim()}`);
      if (env.androidBuildUrl.trim()) out.push(`  Android build: ${env.androidBuildUrl.trim()}`);
      return out.join("\n");
    })
    .filter((block) => block.length > 0);
  if (envs.length) sections.push(`Environments\n${envs.join("\n")}`);

  const features = bash.features
    .map((f) => {
      const name = f.menuName.trim();
      const text = markdownToText(f.description);
      if (!name && !text) return "";
      return `• ${[name, indent(text, "  ")].filter(Boolean).join(" — ")}`;
    })
    .filter(Boolean);
  if (features.length) sections.push(`Features under test\n${features.join("\n")}`);

  const web = markdownToText(bash.prerequisitesWeb);
  if (web) sections.push(`Prerequisites (web)\n${web}`);
  const mobile = markdownToText(bash.prerequisitesMobile);
  if (mobile) sections.push(`Prerequisites (mobile)\n${mobile}`);

  return sections.join("\n\n");
}

function indent(text: string, prefix: string): string {
  return text.split("\n").join(`\n${prefix}`);
}

/** Markdown → readable plain text: keeps the words and the link targets, drops the markup. */
export function markdownToText(md: string): string {
  let s = md.replace(/\r\n?/g, "\n");
  s = s.replace(/^[ \t]*(```|~~~).*$/gm, ""); // code fences (keep the code)
  s = s.replace(/<br\s*\/?>/gi, "\n").replace(/<\/?[A-Za-z][^>]*>/g, ""); // inline HTML
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, "$1"); // images → alt text
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)[^)]*\)/g, (_m, text: string, href: string) => (text === href ? href : `${text} (${href})`));
  s = s.replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1"); // autolinks
  s = s.replace(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm, "$1"); // headings
  s = s.replace(/^ {0,3}>[ \t]?/gm, ""); // block quotes
  s = s.replace(/^([ \t]*)[*+-][ \t]+\[[ xX]\][ \t]+/gm, "$1- "); // task lists
  s = s.replace(/^([ \t]*)[*+][ \t]+/gm, "$1- "); // bullets
  s = s.replace(/^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/gm, ""); // thematic breaks
  s = s.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2"); // bold
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1$2"); // *italic*
  s = s.replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, "$1$2"); // _italic_
  s = s.replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1"); // strikethrough
  s = s.replace(/`([^`\n]+)`/g, "$1"); // inline code
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1"); // backslash escapes
  s = s.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, "\n\n");
  return s.trim();
}

// --- RFC 5545 encoding -------------------------------------------------------------------------

// Control characters are not allowed in content lines (HTAB is; CR/LF are handled by escaping).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(value: string): string {
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, "");
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines as \n. */
export function escapeText(value: string): string {
  return clean(value)
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** A parameter value: no CR/LF/DQUOTE allowed at all; quoted when it holds ':', ';' or ','. */
function paramValue(value: string): string {
  const v = clean(value).replace(/[\r\n"]/g, " ").replace(/\s+/g, " ").trim();
  return /[:;,]/.test(v) ? `"${v}"` : v;
}

function cnParam(name: string): string {
  const v = paramValue(name);
  return v ? `;CN=${v}` : "";
}

function mailtoValue(email: string): string {
  return clean(email).replace(/[\s"<>]/g, "");
}

function uriValue(uri: string): string {
  return clean(uri).replace(/\s/g, "");
}

/** 20261201T140000Z */
function utcStamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Fold a content line: at most 75 octets per physical line; continuations start with one space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + n > limit) {
      parts.push(current);
      current = ch;
      octets = n;
      limit = 74; // the leading space takes one octet
    } else {
      current += ch;
      octets += n;
    }
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

import ReactMarkdown, { defaultUrlTransform, type Components } from "react-markdown";
import rehypeSanitize from "rehype-sanitize";

const EXTERNAL_URL = /^(?:https?:)?\/\//i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** http(s), mailto and relative URLs only; javascript:, data:, vbscript: and the rest lose their link. */
function safeUrl(url: string | undefined): string | undefined {
  const cleaned = defaultUrlTransform((url ?? "").trim());
  if (!cleaned) return undefined;
  if (HAS_SCHEME.test(cleaned) && !/^(?:https?|mailto):/i.test(cleaned)) return undefined;
  return cleaned;
}

const components: Components = {
  p: ({ children }) => <p>{children}</p>,
  h1: ({ children }) => <h1 className="text-lg font-semibold text-zinc-900">{children}</h1>,
  h2: ({ children }) => <h2 className="text-base font-semibold text-zinc-900">{children}</h2>,
  h3: ({ children }) => <h3 className="text-base font-semibold text-zinc-900">{children}</h3>,
  h4: ({ children }) => <h4 className="text-sm font-semibold text-zinc-900">{children}</h4>,
  h5: ({ children }) => <h5 className="text-sm font-semibold text-zinc-900">{children}</h5>,
  h6: ({ children }) => <h6 className="text-sm font-semibold text-zinc-900">{children}</h6>,
  ul: ({ children }) => <ul className="list-disc space-y-1 pl-6">{children}</ul>,
  ol: ({ children, start }) => (
    <ol className="list-decimal space-y-1 pl-6" start={start}>
      {children}
    </ol>
  ),
  li: ({ children }) => <li>{children}</li>,
  blockquote: ({ children }) => <blockquote className="space-y-3 border-l-4 border-zinc-200 pl-3 text-zinc-600">{children}</blockquote>,
  hr: () => <hr className="border-zinc-200" />,
  pre: ({ children }) => (
    <pre className="max-w-full overflow-x-auto rounded-md bg-zinc-100 p-3 font-mono text-sm [&_code]:bg-transparent [&_code]:p-0">
      {children}
    </pre>
  ),
  code: ({ children, className }) => (
    <code className={["rounded bg-zinc-100 px-1 font-mono text-sm", className].filter(Boolean).join(" ")}>{children}</code>
  ),
  a: ({ children, href, title }) => {
    const url = safeUrl(href);
    const linkClass = "break-words text-accent-700 underline [overflow-wrap:anywhere] hover:text-accent-800";
    if (!url) return <span className="break-words">{children}</span>;
    if (EXTERNAL_URL.test(url)) {
      return (
        <a href={url} title={title} className={linkClass} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    }
    return (
      <a href={url} title={title} className={linkClass}>
        {children}
      </a>
    );
  },
  // An image from another site would tell that site who read the report and when, and the
  // Content-Security-Policy (next.config.ts, img-src 'self') would block it anyway: it becomes a
  // link. Our own (relative) images still show.
  img: ({ src, alt, title }) => {
    const url = typeof src === "string" ? safeUrl(src) : undefined;
    if (!url) return alt ? <span>{alt}</span> : null;
    if (EXTERNAL_URL.test(url) || HAS_SCHEME.test(url)) {
      return (
        <a href={url} className="break-words text-accent-700 underline [overflow-wrap:anywhere]" target="_blank" rel="noopener noreferrer nofollow">
          Image: {alt || url}
        </a>
      );
    }
    // eslint-disable-next-line @next/next/no-img-element -- user content, not next/image material
    return <img src={url} alt={alt ?? ""} title={title} loading="lazy" referrerPolicy="no-referrer" className="h-auto max-w-full" />;
  },
};

/**
 * User-written markdown, sanitized (GitHub schema, no raw HTML). Safe in server components.
 * Empty source renders nothing. Images from other sites become links.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  if (!source.trim()) return null;
  return (
    <div className={["min-w-0 space-y-3 break-words", className].filter(Boolean).join(" ")}>
      <ReactMarkdown skipHtml rehypePlugins={[rehypeSanitize]} components={components}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

/** A rough plain-text version of markdown, for places that cannot render it (calendar descriptions). */
export function markdownToPlainText(source: string): string {
  return (
    source
      .replace(/\r\n?/g, "\n")
      // fenced code: keep the code, drop the fences
      .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^ {0,3}\1[ \t]*$/gm, "$2")
      // autolinks → url, then raw HTML tags and comments
      .replace(/<(https?:\/\/[^>\s]+|mailto:[^>\s]+)>/gi, "$1")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?[a-z][^>\n]*>/gi, "")
      // images → alt text; links → "text (url)"
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, text: string, url: string) =>
        text.trim() === url ? url : `${text} (${url})`,
      )
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
      .replace(/^ {0,3}\[[^\]]+\]:\s*\S+.*$/gm, "")
      // headings, blockquotes, horizontal rules, list bullets
      .replace(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/gm, "$1")
      .replace(/^ {0,3}(?:[-*_][ \t]*){3,}$/gm, "")
      .replace(/^ {0,3}>[ \t]?/gm, "")
      .replace(/^([ \t]*)[*+-][ \t]+/gm, "$1- ")
      // emphasis, strikethrough, inline code
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
      .replace(/\*(?=\S)([^*\n]*?\S)\*/g, "$1")
      .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?=[^\w]|$)/g, "$1$2")
      .replace(/~~(?=\S)([^~\n]*?\S)~~/g, "$1")
      .replace(/`+([^`\n]+?)`+/g, "$1")
      // backslash escapes
      .replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1")
      .replace(/[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

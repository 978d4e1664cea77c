import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, markdownToPlainText } from "@/components/ui/markdown";

const html = (source: string) => renderToStaticMarkup(<Markdown source={source} />);

describe("Markdown", () => {
  it("renders headings, lists, emphasis and code with classes", () => {
    const out = html("# Title\n\n## Steps\n\n1. Open **settings**\n2. Tap `Save`\n\n- one\n- two\n\n```\nconst x = 1;\n```");
    expect(out).toContain('<h1 class="text-lg font-semibold');
    expect(out).toContain(">Title</h1>");
    expect(out).toContain('<h2 class="text-base font-semibold');
    expect(out).toMatch(/<ol class="list-decimal[^"]*">\s*<li>Open <strong>settings<\/strong><\/li>/);
    expect(out).toMatch(/<ul class="list-disc[^"]*">\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(out).toContain('<code class="rounded bg-zinc-100 px-1 font-mono text-sm">Save</code>');
    expect(out).toMatch(/<pre class="[^"]*overflow-x-auto[^"]*"><code[^>]*>const x = 1;\n<\/code><\/pre>/);
  });

  it("wraps everything in a break-words container with the caller's class", () => {
    expect(renderToStaticMarkup(<Markdown source="Hi" className="text-sm" />)).toBe(
      '<div class="min-w-0 space-y-3 break-words text-sm"><p>Hi</p></div>',
    );
  });

  it("opens external links in a new tab without leaking the opener", () => {
    const out = html("See [the docs](https://example.com/a?b=1&c=2).");
    expect(out).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" class="break-words text-accent-700 underline [overflow-wrap:anywhere] hover:text-accent-800" target="_blank" rel="noopener noreferrer nofollow">the docs</a>',
    );
  });

  it("keeps relative links in the same tab", () => {
    const out = html("[bash](/bashes/123)");
    expect(out).toContain('<a href="/bashes/123"');
    expect(out).not.toContain("target=");
  });

  it("renders nothing for an empty source", () => {
    expect(html("")).toBe("");
    expect(html("  \n ")).toBe("");
  });

  it.each([
    ["a script tag", "<script>alert(1)</script>\n\nafter"],
    ["an img with onerror", '<img src="x" onerror="alert(1)">\n\nafter'],
    ["a javascript: link", "[x](javascript:alert(1))\n\nafter"],
    ["an upper-case javascript: link", "[x](JaVaScRiPt:alert(1))\n\nafter"],
    ["an encoded javascript: link", "[x](javascript&#58;alert(1))\n\nafter"],
    ["a data: link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\nafter"],
    ["a data: image", "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n\nafter"],
    ["a raw iframe", '<iframe src="https://evil.example"></iframe>\n\nafter'],
    ["inline raw html", 'hello <a href="javascript:alert(1)" onclick="alert(1)">x</a> <b onmouseover="alert(1)">b</b>\n\nafter'],
  ])("strips %s", (_name, source) => {
    const out = html(source).toLowerCase();
    expect(out).toContain("after");
    // Not even as escaped text: raw HTML is dropped, not shown.
    expect(out).not.toContain("script");
    expect(out).not.toContain("onerror");
    expect(out).not.toContain("onclick");
    expect(out).not.toContain("onmouseover");
    expect(out).not.toContain("javascript:");
    expect(out).not.toContain("data:");
    expect(out).not.toContain("iframe");
    expect(out).not.toContain("alert(");
  });

  it("shows a javascript: autolink as plain text, never as a link", () => {
    expect(html("<javascript:alert(1)>")).toBe('<div class="min-w-0 space-y-3 break-words"><p><span class="break-words">javascript:alert(1)</span></p></div>');
  });

  it("keeps the text of an unsafe link without the link", () => {
    expect(html("[click me](javascript:alert(1))")).toBe('<div class="min-w-0 space-y-3 break-words"><p><span class="break-words">click me</span></p></div>');
  });

  it("an image from another site becomes a link (it would tell that site who read it; the CSP blocks it)", () => {
    const out = renderToStaticMarkup(<Markdown source="![pixel](https://tracker.example/p.png)" />);
    expect(out).not.toContain("<img");
    expect(out).toContain('href="https://tracker.example/p.png"');
    expect(out).toContain("Image: pixel");
  });

  it("lets images shrink to the page", () => {
    expect(html("![chart](/api/bashes/b/attachments/a)")).toMatch(/<img src="\/api\/bashes\/b\/attachments\/a" alt="chart"[^>]*class="h-auto max-w-full"/);
  });
});

describe("markdownToPlainText", () => {
  it("strips markdown syntax", () => {
    const md = [
      "# Release 2.1 bash",
      "",
      "Focus on **checkout** and _search_; avoid `admin`.",
      "",
      "* Read the [test plan](https://example.com/plan)",
      "+ Use <https://example.com/staging>",
      "1. File bugs ~~by email~~",
      "",
      "> Bring a phone",
      "",
      "---",
      "",
      "```js",
      "npm run seed",
      "```",
      "",
      "![logo](https://example.com/l.png)",
      "keep snake_case_names and 2 * 3 * 4",
    ].join("\n");
    expect(markdownToPlainText(md)).toBe(
      [
        "Release 2.1 bash",
        "",
        "Focus on checkout and search; avoid admin.",
        "",
        "- Read the test plan (https://example.com/plan)",
        "- Use https://example.com/staging",
        "1. File bugs by email",
        "",
        "Bring a phone",
        "",
        "npm run seed",
        "",
        "logo",
        "keep snake_case_names and 2 * 3 * 4",
      ].join("\n"),
    );
  });

  it("drops raw HTML and keeps a bare link once", () => {
    expect(markdownToPlainText("<b>Hi</b> <script>x</script> [https://a.example](https://a.example)")).toBe("Hi x https://a.example");
  });

  it("returns an empty string for empty input", () => {
    expect(markdownToPlainText("   \n\n")).toBe("");
  });
});

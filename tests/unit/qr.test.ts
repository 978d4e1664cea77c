import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QrCode } from "@/components/ui/qr-code";
import { qrSvg } from "@/lib/qr";

describe("qrSvg", () => {
  it("returns a scalable svg: a viewBox, no fixed width or height", async () => {
    const svg = await qrSvg("https://bashboard.example/join/abc123");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    const root = svg.match(/<svg\b[^>]*>/)?.[0] ?? "";
    expect(root).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(root).not.toMatch(/\swidth=/);
    expect(root).not.toMatch(/\sheight=/);
  });

  it("encodes different values differently", async () => {
    expect(await qrSvg("https://a.example/1")).not.toBe(await qrSvg("https://a.example/2"));
  });

  it("never puts the value into the markup", async () => {
    const value = 'https://x.example/?q="><script>alert(1)</script>';
    const svg = await qrSvg(value);
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("x.example");
    expect(svg).toMatch(/^<svg[^>]*>(<path [^>]*\/>)+<\/svg>\s*$/);
  });
});

describe("QrCode", () => {
  it("renders a labelled figure with the svg inside", async () => {
    const out = renderToStaticMarkup(await QrCode({ value: 'https://x.example/"><script>alert(1)</script>', label: "Scan to join" }));
    expect(out).toMatch(/^<figure[^>]*><div role="img" aria-label="Scan to join" class="size-40[^"]*"><svg /);
    expect(out).toContain("<figcaption");
    expect(out).toContain(">Scan to join</figcaption></figure>");
    expect(out).not.toContain("<script");
    expect(out).not.toContain("x.example");
  });

  it("escapes the label", async () => {
    const out = renderToStaticMarkup(await QrCode({ value: "v", label: '<b>"hi"</b>' }));
    expect(out).not.toContain("<b>");
    expect(out).toContain('aria-label="&lt;b&gt;&quot;hi&quot;&lt;/b&gt;"');
  });
});

import { describe, expect, it } from "vitest";
import { cellText, EXCEL_MAX_CELL_CHARS, neutraliseFormula } from "@/lib/xlsx/escape";

describe("neutraliseFormula", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["+1 me too", "'+1 me too"],
    ["-1", "'-1"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("prefixes a quote to %j", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(["Checkout crashes", "1 + 1 = 2", "a=b", "", "'already quoted", " =leading space", "Total: -5"])("leaves %j alone", (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });
});

describe("cellText", () => {
  it("turns null and undefined into an empty string", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(undefined)).toBe("");
  });

  it("keeps safe text unchanged, including newlines and tabs inside it", () => {
    expect(cellText("Step 1\nStep 2\n\n\tindented")).toBe("Step 1\nStep 2\n\n\tindented");
    expect(cellText("Ünïcödé ✓ 🐛")).toBe("Ünïcödé ✓ 🐛");
  });

  it("strips the control characters Excel refuses", () => {
    expect(cellText("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\u007Fh")).toBe("abcdefgh");
    expect(cellText("x\uFFFEy\uFFFFz")).toBe("xyz");
    expect(cellText("lone \uD800 high and \uDC00 low")).toBe("lone  high and  low");
  });

  it("turns CRLF and CR into LF", () => {
    expect(cellText("one\r\ntwo\rthree")).toBe("one\ntwo\nthree");
  });

  it("neutralises after stripping, so a hidden control character cannot shield a formula", () => {
    expect(cellText("\u0001=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(cellText("=1+1")).toBe("'=1+1");
    expect(cellText("-1")).toBe("'-1");
    expect(cellText("\t@x")).toBe("'\t@x");
  });

  it("cuts text to Excel's cell limit", () => {
    const out = cellText("a".repeat(EXCEL_MAX_CELL_CHARS + 10));
    expect(out).toHaveLength(EXCEL_MAX_CELL_CHARS);
    expect(out.endsWith("…")).toBe(true);
    expect(cellText("b".repeat(EXCEL_MAX_CELL_CHARS))).toHaveLength(EXCEL_MAX_CELL_CHARS);
  });
});

import { describe, expect, it } from "vitest";
import { safeCallbackPath, SIGN_IN_ERRORS } from "@/lib/auth";

describe("after sign-in, only same-site paths", () => {
  it("keeps local paths", () => {
    expect(safeCallbackPath("/bashes/abc?tab=plan")).toBe("/bashes/abc?tab=plan");
  });
  it.each(["//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "", 42, undefined])("refuses %s", (v) => {
    expect(safeCallbackPath(v)).toBe("/");
  });
  it("shows sign-in errors only by known code", () => {
    expect(SIGN_IN_ERRORS["oauth-no-account"]).toMatch(/invite/);
    expect(SIGN_IN_ERRORS["Your account was hacked, call +1 555"]).toBeUndefined();
  });
});

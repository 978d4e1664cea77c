import { describe, expect, it } from "vitest";
import { oauthProviderInfo } from "@/lib/auth";

describe("OAuth providers", () => {
  it("are off unless their environment variables are set", () => {
    expect(oauthProviderInfo({} as NodeJS.ProcessEnv)).toEqual([]);
    expect(oauthProviderInfo({ GITHUB_ID: "x" } as unknown as NodeJS.ProcessEnv)).toEqual([]);
  });
  it("turn on one by one", () => {
    const env = {
      GITHUB_ID: "g",
      GITHUB_SECRET: "s",
      GOOGLE_CLIENT_ID: "g",
      GOOGLE_CLIENT_SECRET: "s",
      AZURE_AD_CLIENT_ID: "a",
      AZURE_AD_CLIENT_SECRET: "s",
      AZURE_AD_TENANT_ID: "t",
    } as unknown as NodeJS.ProcessEnv;
    expect(oauthProviderInfo(env).map((p) => p.id)).toEqual(["github", "google", "azure-ad"]);
  });
});

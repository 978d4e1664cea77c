import { describe, expect, it } from "vitest";
import { checkUrlShape, describeDbError, probeDatabase } from "@/scripts/lib/db-url.mjs";

describe("database connection problems become one sentence", () => {
  it("rejects URLs that are not Postgres URLs", () => {
    expect(checkUrlShape("not a url")).toMatch(/^DATABASE_URL is not a valid URL/);
    expect(checkUrlShape("mysql://u:p@h/db")).toBe("DATABASE_URL must start with postgresql:// (it starts with mysql://).");
    expect(checkUrlShape("postgresql://u:p@h:5432")).toMatch(/names no database/);
    expect(checkUrlShape("postgresql://u:p@h:5432/bashboard")).toBeNull();
  });
  it("explains common server answers", () => {
    const url = "postgresql://ana:secret@db.internal:6543/bb";
    expect(describeDbError(url, { code: "28P01" })).toBe(
      'Postgres at db.internal:6543 rejected the user "ana": check the user name and password in DATABASE_URL.',
    );
    expect(describeDbError(url, { code: "3D000" })).toMatch(/has no database "bb"/);
    expect(describeDbError(url, { code: "ENOTFOUND" })).toMatch(/could not be found/);
    expect(describeDbError(url, { message: "boom" })).not.toContain("secret");
  });
  it("probes a closed port and says the connection was refused", async () => {
    const msg = await probeDatabase("postgresql://u:p@127.0.0.1:1/db", 3000);
    expect(msg).toBe("Cannot connect to Postgres at 127.0.0.1:1: the connection was refused — is the server running and listening there?");
  });
});

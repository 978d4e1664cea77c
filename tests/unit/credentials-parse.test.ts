import { describe, expect, it } from "vitest";
import { ZAddCredentials, ZClaimCredential, ZReleaseCredential, ZRemoveCredential, parseCredentialLines } from "@/lib/credentials/schema";

const one = (line: string) => {
  const r = parseCredentialLines(line);
  expect(r.problems).toEqual([]);
  expect(r.rows).toHaveLength(1);
  return r.rows[0];
};

describe("parseCredentialLines", () => {
  it("reads tab separated lines (a spreadsheet paste), keeping spaces and commas inside cells", () => {
    expect(one("alice@example.com\tP@ss, word 1\tEU region, admin")).toEqual({
      username: "alice@example.com",
      secret: "P@ss, word 1",
      notes: "EU region, admin",
    });
    expect(one("bob\tsecret\tadmin\tEU")).toEqual({ username: "bob", secret: "secret", notes: "admin, EU" });
  });

  it("reads comma and semicolon separated lines, with quoted fields", () => {
    expect(one("alice,secret1")).toEqual({ username: "alice", secret: "secret1", notes: "" });
    expect(one("alice , secret1 , has 2FA")).toEqual({ username: "alice", secret: "secret1", notes: "has 2FA" });
    expect(one("alice;sec,ret;notes here")).toEqual({ username: "alice", secret: "sec,ret", notes: "notes here" });
    expect(one('alice,"pa,ss ""quoted""",note')).toEqual({ username: "alice", secret: 'pa,ss "quoted"', notes: "note" });
    expect(one('alice,"unbalanced')).toEqual({ username: "alice", secret: '"unbalanced', notes: "" });
  });

  it("reads whitespace separated lines with notes", () => {
    expect(one("alice   s3cr3t")).toEqual({ username: "alice", secret: "s3cr3t", notes: "" });
    expect(one("alice s3cr3t premium account, EU")).toEqual({ username: "alice", secret: "s3cr3t", notes: "premium account, EU" });
    // Commas and colons inside the password do not change the form.
    expect(one("alice pa,ss:word")).toEqual({ username: "alice", secret: "pa,ss:word", notes: "" });
  });

  it('reads "username / password" and "user:pass"', () => {
    expect(one("alice@example.com / Secret!1")).toEqual({ username: "alice@example.com", secret: "Secret!1", notes: "" });
    expect(one("alice / Secret!1 admin account")).toEqual({ username: "alice", secret: "Secret!1", notes: "admin account" });
    expect(one("alice/ Secret!1")).toEqual({ username: "alice", secret: "Secret!1", notes: "" });
    expect(one("alice:Secret!1")).toEqual({ username: "alice", secret: "Secret!1", notes: "" });
    expect(one("alice@example.com:pa:ss,w")).toEqual({ username: "alice@example.com", secret: "pa:ss,w", notes: "" });
    expect(one("alice: Secret!1 the notes")).toEqual({ username: "alice", secret: "Secret!1", notes: "the notes" });
  });

  it("skips blank lines, # comments and a header line", () => {
    const text = ["Username,Password,Notes", "", "# staging accounts", "alice,a1", "   ", "bob,b2,admin", "\r"].join("\n");
    const r = parseCredentialLines(text);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { username: "alice", secret: "a1", notes: "" },
      { username: "bob", secret: "b2", notes: "admin" },
    ]);
    for (const header of ["email\tpassword", "LOGIN;PASS", "user secret", "E-mail, Password"]) {
      expect(parseCredentialLines(`${header}\nalice x`).rows).toEqual([{ username: "alice", secret: "x", notes: "" }]);
    }
    // Only the first line can be a header: later it is an account like any other.
    expect(parseCredentialLines("alice,x\nuser,password").rows).toHaveLength(2);
  });

  it("handles Windows line endings and a byte order mark", () => {
    const r = parseCredentialLines("\uFEFFalice,a1\r\nbob,b2\r\n");
    expect(r.rows.map((x) => x.username)).toEqual(["alice", "bob"]);
  });

  it("reports a line with only one field, counting lines from 1 over the whole paste", () => {
    const r = parseCredentialLines("alice,a1\n\nbob\ncarol,\ndave\t");
    expect(r.rows).toEqual([{ username: "alice", secret: "a1", notes: "" }]);
    expect(r.problems).toEqual([
      { line: 3, message: "Line 3 has no password: write the username and the password separated by a tab, comma or space." },
      { line: 4, message: "Line 4 has no password: write the username and the password separated by a tab, comma or space." },
      { line: 5, message: "Line 5 has no password: write the username and the password separated by a tab, comma or space." },
    ]);
    expect(parseCredentialLines(",secret").problems[0]).toEqual({
      line: 1,
      message: "Line 1 has no username: write the username first, then the password.",
    });
  });

  it("limits the lengths of username, password and notes", () => {
    expect(parseCredentialLines(`${"u".repeat(200)},${"p".repeat(200)},${"n".repeat(500)}`).problems).toEqual([]);
    expect(parseCredentialLines(`${"u".repeat(201)},p`).problems[0].message).toBe("Line 1: keep the username under 200 characters.");
    expect(parseCredentialLines(`u,${"p".repeat(201)}`).problems[0].message).toBe("Line 1: keep the password under 200 characters.");
    expect(parseCredentialLines(`u,p,${"n".repeat(501)}`).problems[0].message).toBe("Line 1: keep the notes under 500 characters.");
  });

  it("takes at most 200 accounts per paste, and says so first", () => {
    const ok = Array.from({ length: 200 }, (_, i) => `user${i},pw${i}`);
    expect(parseCredentialLines(["username,password", ...ok].join("\n"))).toMatchObject({ problems: [] });
    expect(parseCredentialLines(ok.join("\n")).rows).toHaveLength(200);
    const r = parseCredentialLines(["lonely", ...ok].join("\n"));
    expect(r.problems[0]).toEqual({ line: 201, message: "Paste at most 200 accounts at a time." });
    expect(r.problems[1].line).toBe(1);
  });

  it("an empty paste has no rows and no problems", () => {
    expect(parseCredentialLines("\n  \n# nothing yet\n")).toEqual({ rows: [], problems: [] });
  });
});

describe("credential input schemas", () => {
  it("need the ids", () => {
    expect(ZAddCredentials.safeParse({ environmentId: "e1", text: "a b" }).success).toBe(true);
    expect(ZAddCredentials.safeParse({ environmentId: "", text: "a b" }).success).toBe(false);
    expect(ZAddCredentials.safeParse({ environmentId: "e1" }).success).toBe(false);
    expect(ZClaimCredential.safeParse({ environmentId: "e1" }).success).toBe(true);
    expect(ZClaimCredential.safeParse({}).success).toBe(false);
    expect(ZReleaseCredential.safeParse({ credentialId: "c1" }).success).toBe(true);
    expect(ZRemoveCredential.safeParse({ credentialId: " " }).success).toBe(false);
  });
});

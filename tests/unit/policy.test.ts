import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { ARCHIVED_ACTIONS, assertCan, BASH_ACTIONS, BASH_ROLES, can, INSTALL_ACTIONS, type Actor, type BashAction, type BashRole } from "@/lib/policy";

const user: Actor = { id: "u1", isAdmin: false, name: "U", email: "u@example.com" };
const admin: Actor = { ...user, id: "a1", isAdmin: true };

// The expected table, written out by hand: F facilitator, T triager, P participant, O observer,
// A admin who is not a member of the bash. Reading it is reading the product's permissions.
const EXPECTED: Record<BashAction, string> = {
  "bash.read": "FTPOA",
  "bash.update": "F",
  "bash.run": "F",
  "bash.archive": "FA",
  "bash.delete": "A",
  "bash.export": "FT",
  "bash.import": "F",
  "member.list": "FTA",
  "member.manage": "F",
  "invite.manage": "F",
  "credential.manage": "F",
  "credential.claim": "FTP",
  "rsvp.respond": "FTPO",
  "report.create": "FTP",
  "report.read": "FTPOA",
  "report.comment": "FTPO",
  "report.triage": "FT",
  "help.raise": "FTP",
  "help.handle": "F",
  "console.view": "F",
  "audit.read": "FA",
};
const LETTER: Record<BashRole, string> = { FACILITATOR: "F", TRIAGER: "T", PARTICIPANT: "P", OBSERVER: "O" };

describe("policy: the whole role × action table", () => {
  it("has an expectation for every bash action", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...BASH_ACTIONS].sort());
  });

  for (const action of BASH_ACTIONS) {
    for (const role of BASH_ROLES) {
      const allowed = EXPECTED[action].includes(LETTER[role]);
      it(`${role} ${allowed ? "may" : "may not"} ${action}`, () => {
        expect(can(user, action, { role })).toBe(allowed);
        if (allowed) expect(() => assertCan(user, action, { role })).not.toThrow();
        else expect(() => assertCan(user, action, { role })).toThrowError(expect.objectContaining({ code: "FORBIDDEN" }));
      });
    }
    const adminAllowed = EXPECTED[action].includes("A");
    it(`an admin outside the bash ${adminAllowed ? "may" : "may not"} ${action}`, () => {
      expect(can(admin, action, { role: null })).toBe(adminAllowed);
    });
    it(`a non-member gets NOT_FOUND for ${action}`, () => {
      expect(can(user, action, { role: null })).toBe(false);
      try {
        assertCan(user, action, { role: null });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe("NOT_FOUND");
      }
    });
  }

  it("install-wide actions: admin screens only for admins", () => {
    for (const action of INSTALL_ACTIONS) {
      const adminOnly = action.startsWith("admin.");
      expect(can(admin, action)).toBe(true);
      expect(can(user, action)).toBe(!adminOnly);
    }
    expect(() => assertCan(user, "admin.users")).toThrowError("You do not have permission to manage users.");
  });

  it("an archived bash is read-only for everyone: reads, export, audit and archive/delete still work", () => {
    for (const role of BASH_ROLES) {
      for (const action of BASH_ACTIONS) {
        const live = can(user, action, { role });
        const archived = can(user, action, { role, archived: true });
        expect(archived, `${role} ${action} when archived`).toBe(live && ARCHIVED_ACTIONS.has(action));
      }
    }
    expect(can(admin, "bash.delete", { role: null, archived: true })).toBe(true);
    expect(() => assertCan(user, "report.create", { role: "PARTICIPANT", archived: true })).toThrowError(/archived and read-only/);
    expect(() => assertCan(user, "report.read", { role: "PARTICIPANT", archived: true })).not.toThrow();
  });
});

// Database errors only the input can cause become INVALID (400 / {ok:false}), never a 5xx/INTERNAL:
// the shapes below are what Prisma 7 with @prisma/adapter-pg throws (see attack-*.test.ts).
import { describe, expect, it } from "vitest";
import { toActionError } from "@/lib/action";
import { AppError, inputDbErrorToAppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

const prismaError = (originalCode: string) =>
  Object.assign(new Error("Database error"), {
    code: "P2039",
    meta: { modelName: "Bash", driverAdapterError: Object.assign(new Error("invalid byte sequence"), { cause: { kind: "postgres", code: originalCode, originalCode } }) },
  });

describe("input-caused database errors", () => {
  it("a NUL byte (22021), an unstorable character (22P05) or an oversized index value (54000) is INVALID", () => {
    for (const code of ["22021", "22P05", "54000"]) {
      const e = inputDbErrorToAppError(prismaError(code));
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("INVALID");
    }
  });

  it("anything else is left alone (still a logged 5xx)", () => {
    const other = prismaError("40001");
    expect(inputDbErrorToAppError(other)).toBe(other);
    const plain = new TypeError("boom");
    expect(inputDbErrorToAppError(plain)).toBe(plain);
    const app = new AppError("NOT_FOUND", "gone");
    expect(inputDbErrorToAppError(app)).toBe(app);
  });

  it("route handlers answer 400 and actions {ok:false, INVALID}", async () => {
    const res = errorResponse(prismaError("22021"));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/NUL/);
    expect(toActionError(prismaError("22021"))).toMatchObject({ ok: false, code: "INVALID" });
  });
});

import { describe, expect, it } from "vitest";
import { SERVER_ENV_DEFAULTS, withServerDefaults } from "../../scripts/lib/server-env.mjs";

describe("server environment defaults", () => {
  it("caps glibc's malloc arenas unless the environment says otherwise", () => {
    expect(SERVER_ENV_DEFAULTS).toEqual({ MALLOC_ARENA_MAX: "2" });
    expect(withServerDefaults({ PORT: "3000" })).toEqual({ PORT: "3000", MALLOC_ARENA_MAX: "2" });
    expect(withServerDefaults({ MALLOC_ARENA_MAX: "8" }).MALLOC_ARENA_MAX).toBe("8");
    expect(withServerDefaults({ MALLOC_ARENA_MAX: "" }).MALLOC_ARENA_MAX).toBe("2");
  });

  it("does not change the environment it is given", () => {
    const env = { A: "1" };
    withServerDefaults(env);
    expect(env).toEqual({ A: "1" });
  });
});

// A stand-in for "@/lib/auth" in integration tests that call route handlers and server actions
// directly: whoever `session.actor` names is signed in. Everything else (the bash context, the
// policy) is the real code against the test database.
//   const session = vi.hoisted(() => ({ actor: null as Actor | null }));
//   vi.mock("@/lib/auth", async () => (await import("../factories/auth-mock")).authMock(session));
import { findBashContext } from "@/lib/bashes/queries";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/policy";

export function authMock(session: { actor: Actor | null }) {
  return {
    getActor: async () => session.actor,
    requireActor: async () => session.actor,
    // Routes that read the actor and their place in the bash together get the same answer.
    getActorInBash: async (bashId: string) =>
      session.actor ? { actor: session.actor, bash: await findBashContext(getDb(), session.actor, bashId), session: { id: session.actor.id, authAt: Date.now() } } : null,
  };
}

import { z } from "zod";

export const ZRsvp = z.object({
  rsvp: z.enum(["GOING", "MAYBE", "NOT_GOING"], { error: "Choose going, maybe or not going." }),
  designation: z.string().trim().max(100, "Keep the designation under 100 characters.").optional(),
});

export const ZAccess = z
  .object({
    state: z.enum(["confirmed", "needs"], { error: "Choose whether you have access." }),
    accessNeeded: z.string().trim().max(1000, "Keep the request under 1,000 characters.").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.state === "needs" && !v.accessNeeded) ctx.addIssue({ code: "custom", path: ["accessNeeded"], message: "Say what you still need, for example “a login for staging” or “the iOS build”." });
  });

export const ZMembershipRef = z.object({ membershipId: z.string({ error: "Missing person." }).min(1, "Missing person.") });

export const ZSetRole = z.object({
  membershipId: z.string().min(1, "Missing person."),
  role: z.enum(["FACILITATOR", "PARTICIPANT", "TRIAGER", "OBSERVER"], { error: "Choose a role." }),
});

export const ZReminders = z.object({ membershipIds: z.array(z.string().min(1)).max(1000).optional() });

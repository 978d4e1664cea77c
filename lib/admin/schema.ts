// Input of the users admin (/admin/users): shared by the page's forms and the commands.
import { z } from "zod";
import { ZEmail } from "@/lib/users/schema";

const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());
const userId = z.string({ error: "Choose a user." }).trim().min(1, "Choose a user.").max(64, "That user id is not valid.");

export const ZInviteUser = z.object({
  name: z.string({ error: "Enter their name." }).trim().min(1, "Enter their name.").max(100, "Keep the name under 100 characters."),
  email: ZEmail,
  isAdmin: checkbox.default(false),
});
export type TInviteUser = z.infer<typeof ZInviteUser>;

export const ZUserRef = z.object({ userId });

export const ZResetLink = z.object({ userId, sendEmail: checkbox.default(false) });

export const ZSetAdmin = z.object({ userId, isAdmin: checkbox });

export const USER_STATUSES = ["active", "invited", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_FILTERS = ["all", "active", "invited", "deactivated", "admins"] as const;
export type UserFilter = (typeof USER_FILTERS)[number];

export const USERS_PAGE_SIZE = 50;

export const ZUserSearch = z.object({
  q: z.string().trim().max(200).catch("").default(""),
  status: z.enum(USER_FILTERS).catch("all").default("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type TUserSearch = z.infer<typeof ZUserSearch>;

import { z } from "zod";

export const PASSWORD_MIN = 10;

export const ZEmail = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like ana@example.com." }));

export const ZPassword = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for the password.`)
  .max(200, "Use at most 200 characters for the password.");

export const ZCreateFirstAdmin = z.object({
  name: z.string({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(100, "Keep the name under 100 characters."),
  email: ZEmail,
  password: ZPassword,
});
export type TCreateFirstAdmin = z.infer<typeof ZCreateFirstAdmin>;

export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(200),
});

// next-auth configuration and getActor(). The only server file that imports next-auth.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import NextAuth, { getServerSession, type NextAuthOptions } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import AzureADProvider from "next-auth/providers/azure-ad";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { findActorInBash, sessionStillValid, type ActorInBash } from "@/lib/users/session";
import { verifyLogin } from "@/lib/users/login";

/** Sign-in errors shown on the sign-in page, by code (never text taken from the URL). */
export const SIGN_IN_ERRORS: Record<string, string> = {
  "oauth-no-email": "Your sign-in provider did not share an email address.",
  "oauth-deactivated": "This account has been deactivated. Ask an admin of this Bashboard.",
  "oauth-no-account": "No Bashboard account uses that email yet. Ask a facilitator for an invite.",
  "oauth-unverified": "An account with that email already exists. Sign in with its password.",
  OAuthSignin: "Signing in with that provider failed. Try again.",
  OAuthCallback: "Signing in with that provider failed. Try again.",
  AccessDenied: "You do not have access to this Bashboard.",
  SessionRequired: "Sign in to continue.",
};

/** A same-site path to return to after sign-in; anything else becomes "/". */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  try {
    const u = new URL(value, "http://bashboard.invalid");
    return u.origin === "http://bashboard.invalid" ? u.pathname + u.search + u.hash : "/";
  } catch {
    return "/";
  }
}

export type OAuthProviderInfo = { id: string; name: string };

/** OAuth providers are enabled only when their environment variables are set. */
export function oauthProviders(env: NodeJS.ProcessEnv = process.env): Provider[] {
  const list: Provider[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    list.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    list.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  if (env.AZURE_AD_CLIENT_ID && env.AZURE_AD_CLIENT_SECRET && env.AZURE_AD_TENANT_ID) {
    list.push(
      AzureADProvider({
        clientId: env.AZURE_AD_CLIENT_ID,
        clientSecret: env.AZURE_AD_CLIENT_SECRET,
        tenantId: env.AZURE_AD_TENANT_ID,
      }),
    );
  }
  return list;
}

export function oauthProviderInfo(env: NodeJS.ProcessEnv = process.env): OAuthProviderInfo[] {
  return oauthProviders(env).map((p) => ({ id: p.id, name: p.name }));
}

function clientIp(headers: Record<string, unknown> | undefined): string {
  const h = (name: string) => {
    const v = headers?.[name];
    return typeof v === "string" ? v : Array.isArray(v) ? String(v[0]) : "";
  };
  // The right-most X-Forwarded-For entry is the one our own proxy (or Next.js itself) wrote;
  // entries to its left come from the client and could be forged to dodge the per-IP limit.
  const hops = h("x-forwarded-for").split(",").map((x) => x.trim()).filter(Boolean);
  return hops[hops.length - 1] || h("x-real-ip") || "unknown";
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          const user = await verifyLogin(getDb(), credentials ?? {}, clientIp(req?.headers as Record<string, unknown>));
          return { id: user.id, email: user.email, name: user.name };
        } catch (e) {
          // next-auth passes an Error's message back to signIn() as `error`.
          if (isAppError(e)) throw new Error(e.message);
          throw e;
        }
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    async signIn({ user, account, profile }) {
      if (!account || account.provider === "credentials") return true;
      // OAuth: link to the account with the same (provider-verified) email; new people need an
      // existing account (invite) unless OAUTH_ALLOW_SIGNUP=true.
      const email = (user.email ?? (profile as { email?: string } | undefined)?.email ?? "").toLowerCase();
      if (!email) return "/signin?error=oauth-no-email";
      const db = getDb();
      let existing = await db.user.findUnique({ where: { email } });
      if (existing?.deactivatedAt) return "/signin?error=oauth-deactivated";
      const linked = existing
        ? await db.account.findUnique({
            where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
          })
        : null;
      // Link a provider to an existing password account only when the provider vouches for the
      // email (Google's email_verified); otherwise an email set elsewhere could take the account over.
      const verified = (profile as { email_verified?: boolean } | undefined)?.email_verified === true;
      if (existing && !linked && (existing.passwordHash || existing.isAdmin) && !verified) return "/signin?error=oauth-unverified";
      if (existing && !linked && existing.passwordHash && !existing.emailVerifiedAt) {
        // The password was set by someone who never proved this inbox (an open invite link). The
        // provider has now proved it: the password goes, so whoever typed it cannot share the account.
        existing = await db.user.update({ where: { id: existing.id }, data: { passwordHash: null, emailVerifiedAt: new Date() } });
      } else if (existing && !existing.emailVerifiedAt && verified) {
        existing = await db.user.update({ where: { id: existing.id }, data: { emailVerifiedAt: new Date() } });
      }
      if (!existing) {
        if (process.env.OAUTH_ALLOW_SIGNUP !== "true" || (await db.user.count()) === 0) return "/signin?error=oauth-no-account";
        existing = await db.user.create({ data: { email, name: user.name ?? email } });
      }
      await db.account.upsert({
        where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } },
        create: { provider: account.provider, providerAccountId: account.providerAccountId, userId: existing.id },
        update: {},
      });
      user.id = existing.id;
      return true;
    },
    async jwt({ token, user }) {
      // `authAt` is when this sign-in happened (next-auth renews `iat` on every refresh, so it cannot
      // tell): a password change or reset ends every session signed in before it.
      if (user?.id) {
        token.uid = user.id;
        token.authAt = Date.now();
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") {
        const u = session.user as { id?: string; authAt?: number };
        u.id = token.uid;
        u.authAt = typeof token.authAt === "number" ? token.authAt : 0;
      }
      return session;
    },
  },
};

/**
 * The signed-in, active user, or null. Reads the database so deactivation takes effect at once.
 * Once per page render: a layout and its page render in parallel and both ask, and React's `cache`
 * (scoped to one request) hands the second the first's answer. Where no render is under way, as in
 * route handlers and actions, it memoizes nothing and every call reads.
 */
export const getActor: () => Promise<Actor | null> = cache(readActor);

async function readActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const { id, authAt } = (session?.user as { id?: string; authAt?: number } | undefined) ?? {};
  if (!id) return null;
  const user = await getDb().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, isAdmin: true, deactivatedAt: true, passwordChangedAt: true },
  });
  if (!user || user.deactivatedAt) return null;
  if (!sessionStillValid(authAt, user.passwordChangedAt)) return null;
  return { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin };
}

/**
 * The signed-in, active user and their place in one bash, read in one query (getActor and
 * findBashContext answer the same): for the requests a bash sends most, filing a report. Null when
 * nobody (valid) is signed in; the context still has to pass visibleBashContext and assertCan.
 */
export async function getActorInBash(bashId: string): Promise<ActorInBash | null> {
  // The session cookie's token, decoded and checked (signature, expiry) as getServerSession does, but
  // without re-issuing the cookie on every report: a page load refreshes it. Cookie only (no Bearer).
  const token = await getToken({ req: { cookies: await cookies(), headers: new Headers() } as unknown as Parameters<typeof getToken>[0]["req"] });
  if (!token || typeof token.uid !== "string") return null;
  return findActorInBash(getDb(), { id: token.uid, authAt: typeof token.authAt === "number" ? token.authAt : 0 }, bashId);
}

export { findActorInBash, sessionStillValid, type ActorInBash, type SessionRef } from "@/lib/users/session";

/** The route handler for /api/auth/*. */
export const authHandler = NextAuth(authOptions);

/**
 * For pages: the actor, or a redirect to sign-in (or to first-run setup when nobody exists yet).
 * Layouts and pages render in parallel, so every page asks for itself.
 */
export async function requireActor(): Promise<Actor> {
  const actor = await getActor();
  if (actor) return actor;
  const users = await getDb().user.count();
  redirect(users === 0 ? "/setup" : "/signin");
}

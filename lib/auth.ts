// next-auth configuration and getActor(). The only server file that imports next-auth.
import { redirect } from "next/navigation";
import NextAuth, { getServerSession, type NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import AzureADProvider from "next-auth/providers/azure-ad";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import type { Actor } from "@/lib/policy";
import { verifyLogin } from "@/lib/users/login";

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
  return h("x-forwarded-for").split(",")[0]?.trim() || h("x-real-ip") || "unknown";
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
      if (!email) return "/signin?error=" + encodeURIComponent("Your provider did not share an email address.");
      const db = getDb();
      let existing = await db.user.findUnique({ where: { email } });
      if (existing?.deactivatedAt) return "/signin?error=" + encodeURIComponent("This account has been deactivated.");
      if (!existing) {
        if (process.env.OAUTH_ALLOW_SIGNUP !== "true" || (await db.user.count()) === 0) {
          return "/signin?error=" + encodeURIComponent("No Bashboard account uses " + email + ". Ask for an invite.");
        }
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
      if (user?.id) token.uid = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};

/** The signed-in, active user, or null. Reads the database so deactivation takes effect at once. */
export async function getActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await getDb().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, isAdmin: true, deactivatedAt: true },
  });
  if (!user || user.deactivatedAt) return null;
  return { id: user.id, name: user.name, email: user.email, isAdmin: user.isAdmin };
}

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

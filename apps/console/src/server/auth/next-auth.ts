import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { resolveRedirect } from "../../lib/safe-redirect";
import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { AppError } from "../http/errors";
import { completeOidcSignIn, ldapCredentialsProvider, nextAuthLogger } from "../sso/next-auth-sso";
import { ZSignIn } from "./schemas";
import { sessionCookieName } from "./session";
import { signInWithPassword } from "./sign-in-with-password";

function header(req: { headers?: Record<string, unknown> } | undefined, name: string): string | null {
  const v = req?.headers?.[name];
  return typeof v === "string" ? v : null;
}

/**
 * next-auth issues and signs the cookie; the cookie only carries a session id (sid) whose row
 * in Postgres is the source of truth (see session.ts). Every provider (password, LDAP, the
 * per-request OIDC providers from `sso`) creates that row and hands its id over as `sid`.
 */
export function authOptions(ssoProviders: Provider[] = []): NextAuthOptions {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    session: { strategy: "jwt", maxAge: e.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: e.PUBLIC_URL.startsWith("https://") },
      },
    },
    providers: [
      CredentialsProvider({
        id: "password",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" }, otp: { type: "text" } },
        async authorize(credentials, req) {
          const parsed = ZSignIn.safeParse({
            email: credentials?.email,
            password: credentials?.password,
            otp: credentials?.otp || undefined,
          });
          if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid input");
          const ip = clientAddress(req?.headers ?? {});
          try {
            const r = await signInWithPassword(parsed.data, { ip, userAgent: header(req, "user-agent") });
            return { id: r.userId, sid: r.sessionId };
          } catch (err) {
            if (err instanceof AppError) throw new Error(err.message);
            throw err;
          }
        },
      }),
      ldapCredentialsProvider(),
      ...ssoProviders,
    ],
    logger: nextAuthLogger,
    callbacks: {
      // callbackUrl (OIDC sign-in, sign-out): the same origin check as every other redirect.
      async redirect({ url }) {
        return new URL(resolveRedirect(url, e.PUBLIC_URL), e.PUBLIC_URL).href;
      },
      async signIn({ user, account, profile }) {
        if (account?.type !== "oauth") return true;
        return completeOidcSignIn(account.provider, user, profile as Parameters<typeof completeOidcSignIn>[2]);
      },
      async jwt({ token, user }) {
        if (user && "sid" in user) token.sid = user.sid;
        return token;
      },
      async session({ session, token }) {
        return { ...session, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        const sid = typeof token?.sid === "string" ? token.sid : undefined;
        if (!sid) return;
        const s = await db().session.findUnique({ where: { id: sid }, include: { user: true } });
        if (!s || s.revokedAt) return;
        await db().session.update({ where: { id: sid }, data: { revokedAt: new Date(), revokedWhy: "signout" } });
        await recordAuditNow(
          s.orgId,
          { actor: { type: "user", id: s.userId, label: s.user.email }, sessionId: sid },
          { action: "auth.signout", outcome: "success", target: { type: "user", id: s.userId, label: s.user.email } },
        );
      },
    },
  };
}

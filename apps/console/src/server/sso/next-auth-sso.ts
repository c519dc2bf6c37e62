import { AsyncLocalStorage } from "node:async_hooks";
import type { IdentityProvider } from "@luminous/db";
import type { LoggerInstance, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig, Provider } from "next-auth/providers/index";
import { db } from "../db";
import { env } from "../env";
import { EgressFailure } from "../http/egress-failure";
import { AppError } from "../http/errors";
import { clientIp, requestIdOf, userAgent } from "../http/request-meta";
import { log } from "../log";
import { checkIdpAttributes } from "./check-idp-attributes";
import { discoverOidcIssuer, type TOidcEndpoints } from "./discover-oidc-issuer";
import { oidcConfig, openSecret, ZOidcSecret } from "./idp-config";
import { linkIntentForBrowser } from "./link-intent";
import { checkOidcClaims, classifyOidcError, type TOidcClaims } from "./oidc-claims";
import { oidcHttpOptions } from "./oidc-http";
import { ZLdapSignIn } from "./schemas";
import { signInWithLdap } from "./sign-in-with-ldap";
import { signInWithSso } from "./sign-in-with-sso";
import { recordSsoFailure, type SignInMeta, SsoFailure } from "./sso-failure";

/**
 * next-auth v4 takes a static provider list, but IdPs live in the database, per org. The
 * [...nextauth] handler therefore builds its options per request: the OIDC provider named in
 * the path (/api/auth/signin/<key>, /api/auth/callback/<key>) is loaded from Postgres, with
 * provider id = the IdP's stable spKey (so the redirect URI survives a change of slug). Request metadata (ip, user agent, request id) and pending audit
 * writes travel in an AsyncLocalStorage, since next-auth's callbacks do not see the Request.
 */
interface SsoRequest {
  meta: SignInMeta;
  pending: Promise<unknown>[];
  cookieHeader: string | null;
}
const store = new AsyncLocalStorage<SsoRequest>();

export async function withSsoRequest(
  req: Request,
  run: (providers: Provider[]) => Promise<Response>,
): Promise<Response> {
  // next-auth v4 takes its own base URL (OIDC redirect_uri, callback URLs) only from this
  // variable; PUBLIC_URL stays the console's one setting for it.
  process.env.NEXTAUTH_URL = env().PUBLIC_URL;
  const ctx: SsoRequest = {
    meta: { ip: clientIp(req), userAgent: userAgent(req), requestId: requestIdOf(req) },
    pending: [],
    cookieHeader: req.headers.get("cookie"),
  };
  return store.run(ctx, async () => {
    const providers = await oidcProvidersFor(new URL(req.url).pathname);
    const res = await run(providers);
    await Promise.allSettled(ctx.pending);
    return res;
  });
}

const meta = (): SignInMeta => store.getStore()?.meta ?? {};

/** A link the signed-in user of this browser asked for (Profile), completed by this callback. */
const pendingLinkIntent = (idp: IdentityProvider) => linkIntentForBrowser(store.getStore()?.cookieHeader ?? null, idp);

async function oidcProvidersFor(pathname: string): Promise<Provider[]> {
  const m = /\/api\/auth\/(?:signin|callback)\/([a-z0-9-]+)$/.exec(pathname);
  if (!m?.[1]) return [];
  const idp = await db().identityProvider.findUnique({ where: { spKey: m[1] } });
  if (idp?.type !== "oidc" || !idp.enabled) return [];
  try {
    return [oidcProvider(idp, await discoverOidcIssuer(oidcConfig(idp).issuer))];
  } catch (e) {
    // The sign-in then fails as for an unknown provider; the class of failure is logged.
    log("warn", "oidc discovery refused", { idp: idp.slug, err: e instanceof EgressFailure ? e.message : "error" });
    return [];
  }
}

type Claims = TOidcClaims;

/**
 * Discovery was fetched through the egress policy (discoverOidcIssuer); the endpoints are handed
 * over as they are, and openid-client's own requests (token, JWKS, userinfo) resolve hosts through
 * the same policy's pinned lookup.
 */
export function oidcProvider(idp: IdentityProvider, endpoints: TOidcEndpoints): OAuthConfig<Claims> {
  const cfg = oidcConfig(idp);
  return {
    id: idp.spKey,
    name: idp.name,
    type: "oauth",
    issuer: endpoints.issuer,
    jwks_endpoint: endpoints.jwks_uri,
    token: { url: endpoints.token_endpoint },
    ...(endpoints.userinfo_endpoint ? { userinfo: { url: endpoints.userinfo_endpoint } } : {}),
    // Time- and size-bounded, through the egress policy's lookup (oidc-http.ts).
    httpOptions: oidcHttpOptions(endpoints.token_endpoint),
    clientId: cfg.clientId,
    clientSecret: openSecret(idp, ZOidcSecret).clientSecret,
    authorization: { url: endpoints.authorization_endpoint, params: { scope: cfg.scopes } },
    // Authorization code with PKCE (S256), state and nonce; the ID token is verified against
    // the issuer's JWKS, its nonce against the cookie, its iss and aud against the settings.
    checks: ["pkce", "state", "nonce"],
    idToken: true,
    client: { token_endpoint_auth_method: "client_secret_basic" },
    profile: (claims) => ({
      id: String(claims.sub),
      email: typeof claims.email === "string" ? claims.email : null,
      name: typeof claims.name === "string" ? claims.name : null,
    }),
  };
}

/**
 * next-auth's signIn callback for OIDC: openid-client verified the ID token's signature, nonce,
 * expiry, issuer and audience; the claims are then parsed strictly and checked again (iat / nbf
 * skew, hosted domain, verified email) before provisioning. The Session row id goes on the user
 * object, from which the jwt callback copies it into the cookie as `sid`.
 */
export async function completeOidcSignIn(spKey: string, user: User, claims: unknown): Promise<true | string> {
  const idp = await db().identityProvider.findUnique({ where: { spKey } });
  if (idp?.type !== "oidc" || !idp.enabled) return "/signin?error=sso_failed";
  const m = meta();
  try {
    checkIdpAttributes(claims, "claims");
    const c = checkOidcClaims(claims, oidcConfig(idp));
    const intent = await pendingLinkIntent(idp);
    const r = await signInWithSso(
      idp,
      { externalId: c.sub, email: c.email, name: c.name, groups: c.groups, emailVerified: c.emailVerified },
      m,
      intent,
    );
    Object.assign(user, { id: r.userId, sid: r.sessionId });
    return true;
  } catch (e) {
    if (!(e instanceof SsoFailure)) throw e;
    await recordSsoFailure(idp, m, e);
    return `/signin?error=sso_failed&ref=${encodeURIComponent(m.requestId ?? "")}`;
  }
}

/**
 * Callback failures (state or nonce mismatch, a bad ID token) happen inside next-auth before our
 * callbacks run; they reach us through its logger, and are audited against the IdP they were for.
 */
export const nextAuthLogger: Partial<LoggerInstance> = {
  error(code, metadata) {
    const md = metadata as { error?: Error; providerId?: string; message?: string } | Error | undefined;
    const err = md instanceof Error ? md : md?.error;
    const providerId = md instanceof Error ? undefined : md?.providerId;
    log("warn", "next-auth error", { code, message: err?.message ?? (md as { message?: string })?.message });
    if (code !== "OAUTH_CALLBACK_ERROR" || !providerId) return;
    const ctx = store.getStore();
    const message = err?.message ?? "OIDC callback failed";
    const work = db()
      .identityProvider.findUnique({ where: { spKey: providerId } })
      .then((idp) =>
        idp ? recordSsoFailure(idp, ctx?.meta ?? {}, new SsoFailure(classifyOidcError(message), message)) : undefined,
      )
      .catch((e) => log("error", "could not audit an OIDC failure", { err: (e as Error).message }));
    ctx?.pending.push(work);
  },
};

/** Directory password sign-in through next-auth, so the cookie is issued the same way. */
export function ldapCredentialsProvider() {
  return CredentialsProvider({
    id: "ldap",
    name: "Directory (LDAP)",
    credentials: { idp: { type: "text" }, username: { type: "text" }, password: { type: "password" } },
    async authorize(credentials) {
      const parsed = ZLdapSignIn.safeParse(credentials ?? {});
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Invalid input");
      try {
        const r = await signInWithLdap(parsed.data, meta());
        return { id: r.userId, sid: r.sessionId };
      } catch (e) {
        if (e instanceof SsoFailure) {
          throw new Error(
            e.reason === "ldap_unavailable"
              ? "The directory could not be reached; try again later"
              : "Invalid username or password",
          );
        }
        if (e instanceof AppError) throw new Error(e.message);
        throw e;
      }
    },
  });
}

/**
 * OpenID Connect through next-auth against a real issuer (oidc-provider): discovery, authorization
 * code with PKCE, state and nonce, ID token verified against the issuer's JWKS, groups claim.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as mappingsRoute from "@/app/api/v1/identity-providers/[id]/mappings/route";
import * as testRoute from "@/app/api/v1/identity-providers/[id]/test/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { type OidcPeer, startOidcProvider } from "../../../../test-peers/oidc/provider.mjs";
import { IDP_DOMAIN, IDP_USERS, type IdpUser } from "../../../../test-peers/users.mjs";
import { call, PUBLIC_URL, setupTestDatabase } from "../harness";
import { expectRefused, lastFailure, makeSsoOrg, sidOf, uniq } from "./helpers";
import { csrf, type Jar, nextAuth } from "./next-auth-client";

const t = setupTestDatabase();
const slug = `okta-${uniq()}`;
const clientId = "luminous-console";
const clientSecret = randomBytes(24).toString("hex");
let peer: OidcPeer;
let org: Awaited<ReturnType<typeof makeSsoOrg>>;
let idpId: string;
/** The people the IdP knows; a test may add one with crafted claims. */
const people: IdpUser[] = [...IDP_USERS];
const person = (username: string, email: string, claims?: Record<string, unknown>) => {
  people.push({ username, password: `${username}-pass-1`, email, name: username, groups: [], claims });
  return signIn(username, `${username}-pass-1`);
};

/** A browser at the IdP: follows redirects on the IdP's own origin, keeping its cookies. */
async function atIdp(url: string, jar: Map<string, string>, init: RequestInit = {}): Promise<string> {
  let next: string | null = url;
  let req: RequestInit = init;
  while (next?.startsWith(peer.issuer)) {
    const res: Response = await fetch(next, {
      ...req,
      redirect: "manual",
      headers: { ...(req.headers as Record<string, string>), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    const loc = res.headers.get("location");
    if (!loc) return new URL(next).pathname.startsWith("/interaction/") ? next : "";
    next = new URL(loc, next).toString();
    req = {};
  }
  return next ?? "";
}

interface Flow {
  authorizationUrl: URL;
  jar: Jar;
}

async function startFlow(): Promise<Flow> {
  const c = await csrf();
  const r = await nextAuth("POST", `/api/auth/signin/${slug}`, {
    jar: c.jar,
    body: { csrfToken: c.token, callbackUrl: `${PUBLIC_URL}/users` },
  });
  expect(r.redirect, JSON.stringify(r.body)).toMatch(new RegExp(`^${peer.issuer}`));
  return { authorizationUrl: new URL(r.redirect!), jar: r.jar };
}

/** Logs in at the IdP and returns the callback URL it sends the browser to. */
async function loginAtIdp(authorizationUrl: URL, username: string, password: string): Promise<URL> {
  const idpJar = new Map<string, string>();
  const interaction = await atIdp(authorizationUrl.toString(), idpJar);
  expect(interaction).toMatch(/\/interaction\//);
  const callback = await atIdp(`${interaction}/login`, idpJar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password }).toString(),
  });
  expect(callback).toMatch(new RegExp(`^${PUBLIC_URL}/api/auth/callback/${slug}\\?`));
  return new URL(callback);
}

async function finish(callback: URL, jar: Jar) {
  const r = await nextAuth("GET", `${callback.pathname}${callback.search}`, { jar });
  return { redirect: r.redirect ?? "", sid: await sidOf(r.jar["next-auth.session-token"]) };
}

async function signIn(username: string, password: string) {
  const flow = await startFlow();
  return finish(await loginAtIdp(flow.authorizationUrl, username, password), flow.jar);
}

const refused = (r: { redirect: string; sid?: string }) => {
  expect(r.sid).toBeUndefined();
  // Either our own refusal page or next-auth's error route, which sends the browser to /signin too.
  expect(r.redirect).toMatch(/\/(signin|api\/auth\/error)\?error=/);
};

/** People whose IdP asserts claims past the shared limits: groups nested 2,000 levels, or 20,000 groups. */
const nestedGroups = () => {
  let v: unknown = "console-admins";
  for (let i = 0; i < 2000; i++) v = [v];
  return v as string[];
};
const OVERSIZED_CLAIMS: IdpUser[] = [
  { username: "dee", password: "dee-pass-1", email: `dee@${IDP_DOMAIN}`, name: "Dee Deep", groups: nestedGroups() },
  {
    username: "max",
    password: "max-pass-1",
    email: `max@${IDP_DOMAIN}`,
    name: "Max Many",
    groups: Array.from({ length: 20_000 }, (_, i) => `team-${i}`),
  },
];

beforeAll(async () => {
  people.push(...OVERSIZED_CLAIMS);
  peer = await startOidcProvider({
    clients: [{ clientId, clientSecret, redirectUris: [`${PUBLIC_URL}/api/auth/callback/${slug}`] }],
    users: people,
  });
  org = await makeSsoOrg(t, IDP_DOMAIN);
  const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token: org.users.owner.token,
    body: {
      type: "oidc",
      preset: "okta",
      name: "Okta",
      slug,
      issuer: peer.issuer,
      clientId,
      clientSecret,
      scopes: "openid email profile groups",
      groupsClaim: "groups",
    },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  expect(JSON.stringify(created.json)).not.toContain(clientSecret);
  idpId = created.json.id;
  await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${idpId}/mappings`, {
    token: org.users.owner.token,
    params: { id: idpId },
    body: {
      mappings: [
        { idpGroup: "console-admins", role: "admin", groupId: org.groups.Platform },
        { idpGroup: "helpdesk-team", role: "helpdesk", groupId: org.groups.Support },
      ],
    },
  });
});

afterAll(async () => {
  await peer?.stop();
});

describe("OIDC sign-in", () => {
  it("finds the issuer's endpoints by discovery (the test button and the sign-in)", async () => {
    const r = await call(testRoute.POST, "POST", `/api/v1/identity-providers/${idpId}/test`, {
      token: org.users.owner.token,
      params: { id: idpId },
      body: {},
    });
    expect(r.json).toMatchObject({ ok: true });
    const flow = await startFlow();
    expect(flow.authorizationUrl.pathname).toBe("/auth");
  });

  it("sends PKCE (S256), state and nonce with the authorization request", async () => {
    const { authorizationUrl: u } = await startFlow();
    expect(u.searchParams.get("code_challenge_method")).toBe("S256");
    expect(u.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(u.searchParams.get("state")).toBeTruthy();
    expect(u.searchParams.get("nonce")).toBeTruthy();
    expect(u.searchParams.get("scope")).toBe("openid email profile groups");
  });

  it("provisions the user with the role and group mapped from the groups claim, with a Session row", async () => {
    const r = await signIn("ada", "ada-pass-1");
    expect(r.redirect).toBe(`${PUBLIC_URL}/users`);
    expect(r.sid).toBeDefined();
    const s = await t.db.prisma.session.findUniqueOrThrow({
      where: { id: r.sid! },
      include: { user: { include: { memberships: true } } },
    });
    expect(s.method).toBe("oidc");
    expect(s.user).toMatchObject({ email: `ada@${IDP_DOMAIN}`, role: "admin", source: "oidc" });
    const link = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: s.userId } });
    expect(link).toMatchObject({ idpId, subject: "ada", linkedVia: "provisioned" });
    expect(s.user.memberships.map((m) => m.groupId)).toEqual([org.groups.Platform]);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "success", sessionId: r.sid! },
    });
    expect(ev.data).toMatchObject({ method: "oidc", idp: slug, provisioned: true });
  });

  it("gives a user only what their groups map to", async () => {
    expect((await signIn("hal", "hal-pass-1")).sid).toBeDefined();
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { email: `hal@${IDP_DOMAIN}` } })).role).toBe("helpdesk");
    expect((await signIn("vic", "vic-pass-1")).sid).toBeDefined();
    const vic = await t.db.prisma.user.findUniqueOrThrow({
      where: { email: `vic@${IDP_DOMAIN}` },
      include: { memberships: true },
    });
    expect(vic.role).toBe("viewer");
    expect(vic.memberships).toEqual([]);
  });

  it("refuses a placeholder issuer from a preset", async () => {
    const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: {
        type: "oidc",
        preset: "entra",
        name: "Entra",
        slug: `entra-${uniq()}`,
        issuer: "https://login.microsoftonline.com/TENANT-ID/v2.0",
        clientId: "x",
        clientSecret: "y",
      },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields[0].path).toBe("issuer");
  });
});

describe("OIDC refusals, each audited with its reason", () => {
  it("a callback whose state belongs to another browser's sign-in", async () => {
    const mine = await startFlow();
    const theirs = await startFlow();
    const callback = await loginAtIdp(theirs.authorizationUrl, "ada", "ada-pass-1");
    await expectRefused(t, org.orgId, "state_mismatch", async () => refused(await finish(callback, mine.jar)));
  });

  it("a callback with a forged state parameter", async () => {
    const flow = await startFlow();
    const callback = await loginAtIdp(flow.authorizationUrl, "ada", "ada-pass-1");
    callback.searchParams.set("state", "forged-state");
    await expectRefused(t, org.orgId, "state_mismatch", async () => refused(await finish(callback, flow.jar)));
  });

  it("an ID token whose nonce is not the one this browser sent", async () => {
    const flow = await startFlow();
    flow.authorizationUrl.searchParams.set("nonce", "attacker-chosen-nonce");
    const callback = await loginAtIdp(flow.authorizationUrl, "ada", "ada-pass-1");
    await expectRefused(t, org.orgId, "nonce_mismatch", async () => refused(await finish(callback, flow.jar)));
  });

  it("a code exchanged without the browser's PKCE verifier", async () => {
    const flow = await startFlow();
    const callback = await loginAtIdp(flow.authorizationUrl, "ada", "ada-pass-1");
    const jar = Object.fromEntries(Object.entries(flow.jar).filter(([k]) => !k.includes("pkce")));
    await expectRefused(t, org.orgId, "oidc_error", async () => refused(await finish(callback, jar)));
  });

  it("claims past the shared limits: groups nested 2,000 levels, or 20,000 groups", async () => {
    await expectRefused(t, org.orgId, "invalid_response", async () => refused(await signIn("dee", "dee-pass-1")));
    expect((await lastFailure(t, org.orgId))?.detail).toMatch(
      /claims are refused: groups\.0\.0.* nests deeper than 64 levels/,
    );
    await expectRefused(t, org.orgId, "invalid_response", async () => refused(await signIn("max", "max-pass-1")));
    expect((await lastFailure(t, org.orgId))?.detail).toMatch(/claims has more than 10000 values/);
    expect(await t.db.prisma.user.count({ where: { email: { in: [`dee@${IDP_DOMAIN}`, `max@${IDP_DOMAIN}`] } } })).toBe(
      0,
    );
  });

  it("a user whose email domain this org does not claim", async () => {
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: ["other.example"] } });
    try {
      await expectRefused(t, org.orgId, "domain_not_allowed", async () => refused(await signIn("oli", "oli-pass-1")));
    } finally {
      await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: [IDP_DOMAIN] } });
    }
  });
});

describe("one identity, one account (OIDC)", () => {
  const setRule = async (config: Record<string, unknown>) => {
    const row = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: idpId } });
    await t.db.prisma.identityProvider.update({
      where: { id: idpId },
      data: { config: JSON.parse(JSON.stringify({ ...(row.config as object), ...config })) },
    });
  };

  it("a new subject asserting an existing SSO user's email is refused; the account keeps its identity", async () => {
    expect((await signIn("ada", "ada-pass-1")).sid).toBeDefined();
    const ada = await t.db.prisma.user.findUniqueOrThrow({ where: { email: `ada@${IDP_DOMAIN}` } });
    await expectRefused(t, org.orgId, "account_not_linked", async () =>
      refused(await person("ada-two", `ada@${IDP_DOMAIN}`)),
    );
    const links = await t.db.prisma.userIdentity.findMany({ where: { userId: ada.id } });
    expect(links.map((l) => l.subject)).toEqual(["ada"]);
    // Even with the owner-set rule on: the account already has an identity at this IdP.
    await setRule({ linkByVerifiedEmail: true });
    try {
      await expectRefused(t, org.orgId, "account_not_linked", async () =>
        refused(await person("ada-three", `ada@${IDP_DOMAIN}`)),
      );
    } finally {
      await setRule({ linkByVerifiedEmail: false });
    }
  });

  it('email_verified missing or the string "false" never matches an account; boolean true does, under the rule', async () => {
    const pat = await t.db.prisma.user.create({
      data: { orgId: org.orgId, email: `pat@${IDP_DOMAIN}`, name: "Pat", role: "viewer" },
    });
    await setRule({ linkByVerifiedEmail: true });
    try {
      await expectRefused(t, org.orgId, "unverified_email", async () =>
        refused(await person("pat-missing", pat.email, { email_verified: undefined })),
      );
      await expectRefused(t, org.orgId, "invalid_claims", async () =>
        refused(await person("pat-string", pat.email, { email_verified: "false" })),
      );
      await expectRefused(t, org.orgId, "unverified_email", async () =>
        refused(await person("pat-false", pat.email, { email_verified: false })),
      );
      expect(await t.db.prisma.userIdentity.count({ where: { userId: pat.id } })).toBe(0);
      const ok = await person("pat", pat.email, { email_verified: true });
      expect(ok.sid).toBeDefined();
      expect(await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: pat.id } })).toMatchObject({
        subject: "pat",
        linkedVia: "verified_email",
      });
    } finally {
      await setRule({ linkByVerifiedEmail: false });
    }
  });

  it("a new account needs a verified email too, unless the IdP is set as one that verifies every email", async () => {
    await expectRefused(t, org.orgId, "unverified_email", async () =>
      refused(await person("quin", `quin@${IDP_DOMAIN}`, { email_verified: undefined })),
    );
    await setRule({ emailsVerified: true });
    try {
      expect((await signIn("quin", "quin-pass-1")).sid).toBeDefined();
    } finally {
      await setRule({ emailsVerified: false });
    }
  });

  it("an ID token issued a day in the future is refused (clock skew)", async () => {
    const day = Math.floor(Date.now() / 1000) + 86_400;
    await expectRefused(t, org.orgId, "clock_skew", async () =>
      refused(await person("tomorrow", `tomorrow@${IDP_DOMAIN}`, { iat: day })),
    );
    expect(await t.db.prisma.user.count({ where: { email: `tomorrow@${IDP_DOMAIN}` } })).toBe(0);
  });

  it("the owner's email from the IdP is refused: owners sign in through an IdP only after linking it themselves", async () => {
    await t.db.prisma.org.update({
      where: { id: org.orgId },
      data: { domains: [IDP_DOMAIN, org.users.owner.email.split("@")[1]!] },
    });
    await setRule({ linkByVerifiedEmail: true });
    try {
      await expectRefused(t, org.orgId, "account_not_linked", async () =>
        refused(await person("fake-owner", org.users.owner.email)),
      );
    } finally {
      await setRule({ linkByVerifiedEmail: false });
      await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: [IDP_DOMAIN] } });
    }
    expect(await t.db.prisma.userIdentity.count({ where: { userId: org.users.owner.id } })).toBe(0);
  });
});

describe("linking an OIDC identity to one's own account", () => {
  it("completes in the browser of the account that asked, after it proved the account; then that identity signs it in", async () => {
    const { sessionCookieHeader } = await import("@/server/sso/session-cookie");
    const linkRoute = await import("@/app/api/v1/me/identities/link/route");
    const helpdesk = org.users.helpdesk;
    const started = await call(linkRoute.POST, "POST", "/api/v1/me/identities/link", {
      token: helpdesk.token,
      body: { idpId, password: org.password },
    });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const intent = /lc_link_intent=([^;]+)/.exec(started.headers.get("set-cookie") ?? "")![1]!;
    const session = await t.db.prisma.session.create({
      data: { orgId: org.orgId, userId: helpdesk.id, expiresAt: new Date(Date.now() + 3600_000) },
    });
    const sessionToken = decodeURIComponent(
      /next-auth\.session-token=([^;]+)/.exec(await sessionCookieHeader(helpdesk.id, session.id))![1]!,
    );
    people.push({ username: "hd-at-idp", password: "hd-pass-1", email: `hd@${IDP_DOMAIN}`, name: "HD", groups: [] });
    const flow = await startFlow();
    const jar = { ...flow.jar, lc_link_intent: intent, "next-auth.session-token": sessionToken };
    const callback = await loginAtIdp(flow.authorizationUrl, "hd-at-idp", "hd-pass-1");
    const r = await finish(callback, jar);
    expect(r.sid).toBeDefined();
    expect((await t.db.prisma.session.findUniqueOrThrow({ where: { id: r.sid! } })).userId).toBe(helpdesk.id);
    const link = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: helpdesk.id, idpId } });
    expect(link).toMatchObject({ subject: "hd-at-idp", linkedVia: "self", mfaAtLink: false });
    // Without the link cookie, in a fresh browser, the same identity now signs in as that account.
    const again = await signIn("hd-at-idp", "hd-pass-1");
    expect((await t.db.prisma.session.findUniqueOrThrow({ where: { id: again.sid! } })).userId).toBe(helpdesk.id);
    expect(await t.db.prisma.user.count({ where: { email: `hd@${IDP_DOMAIN}` } })).toBe(0);
  });
});

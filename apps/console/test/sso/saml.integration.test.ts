/**
 * SAML 2.0 against a real IdP built with samlify (not the console's library), signing real XML.
 * Every refusal must also be an audit event naming the reason.
 */
import zlib from "node:zlib";
import { encryptSecret } from "@luminous/crypto";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import { beforeAll, describe, expect, it } from "vitest";
import * as acsRoute from "@/app/api/sso/saml/[key]/acs/route";
import * as metadataRoute from "@/app/api/sso/saml/[key]/metadata/route";
import * as startRoute from "@/app/api/sso/saml/[key]/start/route";
import * as mappingsRoute from "@/app/api/v1/identity-providers/[id]/mappings/route";
import * as idpRoute from "@/app/api/v1/identity-providers/[id]/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import * as linkRoute from "@/app/api/v1/me/identities/link/route";
import * as identitiesRoute from "@/app/api/v1/me/identities/route";
import { totpAad } from "@/server/auth/second-factor";
import { newTotpSecret, totpAt } from "@/server/auth/totp";
import { masterKey } from "@/server/env";
import { sessionCookieHeader } from "@/server/sso/session-cookie";
import { createSamlIdp, keyPair } from "../../../../test-peers/saml/idp.mjs";
import { call, PUBLIC_URL } from "../harness";
import { cookieValue, expectRefused, formRequest, lastFailure, makeSsoOrg, sidOf, uniq } from "./helpers";

const t = setupTestDatabase();

import { setupTestDatabase } from "../harness";

const DOMAIN = "saml-corp.test";
const idp = createSamlIdp({ entityId: "https://idp.saml-corp.test/metadata" });
const rotated = createSamlIdp({ entityId: idp.entityId, signing: keyPair("idp-b") });
let org: Awaited<ReturnType<typeof makeSsoOrg>>;
let slug: string;
let idpId: string;
let sp: { entityId: string; acsUrl: string };

const user = (name: string, groups: string[] = []) => ({ email: `${name}@${DOMAIN}`, name: `${name} Example`, groups });

async function start(s = slug) {
  const res = await startRoute.GET(new Request(`${PUBLIC_URL}/api/sso/saml/${s}/start?next=/audit`), {
    params: Promise.resolve({ key: s }),
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location")!);
  const xml = zlib.inflateRawSync(Buffer.from(location.searchParams.get("SAMLRequest")!, "base64")).toString();
  const id = /\bID="([^"]+)"/.exec(xml)![1]!;
  return {
    id,
    location,
    xml,
    relayState: location.searchParams.get("RelayState"),
    cookie: res.headers.get("set-cookie"),
  };
}

async function post(samlResponse: string, opts: { relayState?: string; cookie?: string; s?: string } = {}) {
  const s = opts.s ?? slug;
  const res = await acsRoute.POST(
    formRequest(
      `/api/sso/saml/${s}/acs`,
      { SAMLResponse: samlResponse, RelayState: opts.relayState ?? "/" },
      opts.cookie ? { cookie: opts.cookie } : {},
    ),
    { params: Promise.resolve({ key: s }) },
  );
  const setCookies = res.headers.getSetCookie();
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    sid: await sidOf(cookieValue(setCookies, "next-auth.session-token")),
  };
}

/** A fresh SP-initiated round trip; `mutate` may doctor the response the IdP would send. */
async function signIn(
  o: Omit<Parameters<typeof idp.respond>[0], "sp"> & { via?: typeof idp; mutate?: (xml: string) => string },
) {
  const req = await start();
  const r = await (o.via ?? idp).respond({ sp, inResponseTo: req.id, ...o });
  const body = o.mutate
    ? Buffer.from(o.mutate(Buffer.from(r.samlResponse, "base64").toString())).toString("base64")
    : r.samlResponse;
  return { ...(await post(body, { relayState: req.relayState ?? "/" })), response: body, request: req };
}

const refused = (r: { status: number; location: string; sid?: string }) => {
  expect(r.status).toBe(303);
  expect(r.location).toMatch(/^\/signin\?error=sso_failed/);
  expect(r.sid).toBeUndefined();
};

beforeAll(async () => {
  org = await makeSsoOrg(t, DOMAIN);
  slug = `corp-saml-${uniq()}`;
  const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token: org.users.owner.token,
    body: { type: "saml", name: "Corp SAML", slug, metadataXml: idp.metadata("https://idp.saml-corp.test/sso") },
  });
  expect(created.status).toBe(201);
  idpId = created.json.id;
  sp = { entityId: created.json.sp.entityId, acsUrl: created.json.sp.acsUrl };
  const mapped = await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${idpId}/mappings`, {
    token: org.users.admin.token,
    params: { id: idpId },
    body: {
      mappings: [
        { idpGroup: "console-admins", role: "admin", groupId: org.groups.Platform },
        { idpGroup: "helpdesk-team", role: "helpdesk", groupId: org.groups.Support },
      ],
    },
  });
  expect(mapped.status).toBe(200);
});

describe("SAML sign-in", () => {
  it("publishes SP metadata with the entity id, ACS URL and an encryption certificate", async () => {
    const res = await metadataRoute.GET(new Request(`${PUBLIC_URL}/api/sso/saml/${slug}/metadata?download`), {
      params: Promise.resolve({ key: slug }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment/);
    const xml = await res.text();
    expect(xml).toContain(`entityID="${sp.entityId}"`);
    expect(xml).toContain(`Location="${sp.acsUrl}"`);
    expect(xml).toMatch(/<(\w+:)?KeyDescriptor use="encryption"/);
  });

  it("provisions the user just in time with the mapped role and group, and issues a session", async () => {
    const r = await signIn({ user: user("hana", ["helpdesk-team", "unmapped-group"]) });
    expect(r.status).toBe(303);
    expect(r.location).toBe("/audit");
    const u = await t.db.prisma.user.findUniqueOrThrow({
      where: { email: `hana@${DOMAIN}` },
      include: { memberships: true },
    });
    expect(u).toMatchObject({ orgId: org.orgId, role: "helpdesk", source: "saml" });
    const link = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: u.id } });
    expect(link).toMatchObject({ idpId, subject: `hana@${DOMAIN}`, linkedVia: "provisioned" });
    expect(u.memberships.map((m) => m.groupId)).toEqual([org.groups.Support]);
    const session = await t.db.prisma.session.findUniqueOrThrow({ where: { id: r.sid! } });
    expect(session).toMatchObject({ userId: u.id, method: "saml" });
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "success", actorId: u.id },
    });
    expect(ev.sessionId).toBe(r.sid);
    expect(ev.data).toMatchObject({ method: "saml", provisioned: true });
  });

  it("re-applies the mapping at every sign-in: leaving the IdP group removes the role and the group", async () => {
    await signIn({ user: user("ivan", ["console-admins"]) });
    let u = await t.db.prisma.user.findUniqueOrThrow({
      where: { email: `ivan@${DOMAIN}` },
      include: { memberships: true },
    });
    expect(u.role).toBe("admin");
    expect(u.memberships.map((m) => m.groupId)).toEqual([org.groups.Platform]);
    const r = await signIn({ user: user("ivan", []) });
    expect(r.sid).toBeDefined();
    u = await t.db.prisma.user.findUniqueOrThrow({
      where: { email: `ivan@${DOMAIN}` },
      include: { memberships: true },
    });
    expect(u.role).toBe("viewer");
    expect(u.memberships).toEqual([]);
  });

  it("accepts a signed Response as well as a signed Assertion, and an encrypted assertion", async () => {
    expect((await signIn({ user: user("resp"), sign: "response" })).sid).toBeDefined();
    expect((await signIn({ user: user("both"), sign: "both" })).sid).toBeDefined();
    const cfg = (await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: idpId } })).config as {
      spCert: string;
    };
    const encryptCert = `-----BEGIN CERTIFICATE-----\n${cfg.spCert}\n-----END CERTIFICATE-----`;
    const req = await start();
    const r = await idp.respond({ sp: { ...sp, encryptCert }, inResponseTo: req.id, user: user("enc") });
    expect(Buffer.from(r.samlResponse, "base64").toString()).toContain("EncryptedAssertion");
    expect((await post(r.samlResponse)).sid).toBeDefined();
  });

  it("trusts two IdP certificates at once during a key rotation, and only those", async () => {
    await expectRefused(t, org.orgId, "bad_signature", async () =>
      refused(await signIn({ user: user("rot1"), via: rotated })),
    );
    const current = await call(idpRoute.GET, "GET", `/api/v1/identity-providers/${idpId}`, {
      token: org.users.admin.token,
      params: { id: idpId },
    });
    const body = {
      type: "saml",
      name: "Corp SAML",
      slug,
      idpEntityId: idp.entityId,
      ssoUrl: current.json.config.ssoUrl,
      idpCert: keyPair("idp-a").cert,
      idpCertNext: keyPair("idp-b").cert,
    };
    const put = await call(idpRoute.PUT, "PUT", `/api/v1/identity-providers/${idpId}`, {
      token: org.users.owner.token,
      params: { id: idpId },
      body,
    });
    expect(put.status).toBe(200);
    expect(put.json.config.idpCerts).toHaveLength(2);
    expect((await signIn({ user: user("rot2") })).sid).toBeDefined();
    expect((await signIn({ user: user("rot3"), via: rotated })).sid).toBeDefined();
    await expectRefused(t, org.orgId, "bad_signature", async () =>
      refused(await signIn({ user: user("rot4"), signWith: keyPair("attacker") })),
    );
  });
});

describe("SAML refusals, each audited with its reason", () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

  it("an unsigned response (neither the response nor its assertion signed), recorded as unsigned", async () => {
    await expectRefused(t, org.orgId, "unsigned", async () =>
      refused(await signIn({ user: user("u1"), sign: "none" })),
    );
  });

  it("a response signed with the wrong certificate", async () => {
    await expectRefused(t, org.orgId, "bad_signature", async () =>
      refused(await signIn({ user: user("u2"), signWith: keyPair("attacker") })),
    );
  });

  it("an expired assertion", async () => {
    await expectRefused(t, org.orgId, "expired", async () =>
      refused(await signIn({ user: user("u3"), override: { notBefore: minutes(-20), notOnOrAfter: minutes(-10) } })),
    );
  });

  it("an assertion that is not yet valid (beyond the small clock skew)", async () => {
    await expectRefused(t, org.orgId, "not_yet_valid", async () =>
      refused(await signIn({ user: user("u4"), override: { notBefore: minutes(5), notOnOrAfter: minutes(15) } })),
    );
  });

  it("accepts a clock a few seconds ahead (small skew)", async () => {
    expect(
      (await signIn({ user: user("skew"), override: { notBefore: new Date(Date.now() + 20_000).toISOString() } })).sid,
    ).toBeDefined();
  });

  it("an assertion for another audience", async () => {
    await expectRefused(t, org.orgId, "wrong_audience", async () =>
      refused(await signIn({ user: user("u5"), override: { audience: "https://other-app.example/sp" } })),
    );
  });

  it("an assertion for another recipient", async () => {
    await expectRefused(t, org.orgId, "wrong_recipient", async () =>
      refused(await signIn({ user: user("u6"), override: { recipient: "https://evil.example/acs" } })),
    );
  });

  it("a response for another destination", async () => {
    await expectRefused(t, org.orgId, "wrong_destination", async () =>
      refused(await signIn({ user: user("u7"), override: { destination: "https://evil.example/acs" } })),
    );
  });

  it("an assertion from another issuer", async () => {
    await expectRefused(t, org.orgId, "wrong_issuer", async () =>
      refused(await signIn({ user: user("u7b"), override: { issuer: "https://someone-else.example/idp" } })),
    );
  });

  it("a replayed assertion", async () => {
    const first = await signIn({ user: user("u8") });
    expect(first.sid).toBeDefined();
    await expectRefused(t, org.orgId, "replay", async () => refused(await post(first.response)));
  });

  it("a response to a request this console never made, or made for another browser", async () => {
    await expectRefused(t, org.orgId, "wrong_in_response_to", async () => {
      const r = await idp.respond({ sp, inResponseTo: "_not-a-request-we-made", user: user("u9") });
      refused(await post(r.samlResponse));
    });
    await expectRefused(t, org.orgId, "wrong_in_response_to", async () => {
      const mine = await start();
      const theirs = await start();
      const r = await idp.respond({ sp, inResponseTo: theirs.id, user: user("u10") });
      refused(await post(r.samlResponse, { cookie: `lc_saml_request=${mine.id}` }));
    });
  });

  it("an unsolicited (IdP-initiated) response while IdP-initiated sign-in is off", async () => {
    await expectRefused(t, org.orgId, "idp_initiated_disabled", async () => {
      const r = await idp.respond({ sp, user: user("u11") });
      const res = await post(r.samlResponse);
      // The user is told why (an Okta tile / "Test this application" while this is off).
      expect(res.location).toMatch(/^\/signin\?error=idp_initiated&ref=/);
      expect(res.sid).toBeUndefined();
    });
  });

  describe("XML signature wrapping", () => {
    const dom = (xml: string) => new DOMParser().parseFromString(xml, "text/xml");
    const ser = (d: ReturnType<typeof dom>) => new XMLSerializer().serializeToString(d);
    const NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    const evilize = (assertion: Element) => {
      const evil = assertion.cloneNode(true) as Element;
      const sig = evil.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0];
      if (sig) evil.removeChild(sig);
      evil.setAttribute("ID", "_evil");
      evil.getElementsByTagNameNS(NS, "NameID")[0]!.textContent = `root@${DOMAIN}`;
      for (const v of Array.from(evil.getElementsByTagNameNS(NS, "AttributeValue"))) v.textContent = "console-admins";
      return evil;
    };

    it("a second, unsigned assertion next to the signed one", async () => {
      await expectRefused(t, org.orgId, "signature_wrapping", async () =>
        refused(
          await signIn({
            user: user("w1", ["staff"]),
            mutate: (xml) => {
              const d = dom(xml);
              const a = d.getElementsByTagNameNS(NS, "Assertion")[0]!;
              d.documentElement!.insertBefore(evilize(a as unknown as Element) as never, a);
              return ser(d);
            },
          }),
        ),
      );
    });

    it("the signed assertion moved into Extensions and a forged one in its place", async () => {
      await expectRefused(t, org.orgId, "bad_signature", async () =>
        refused(
          await signIn({
            user: user("w2", ["staff"]),
            mutate: (xml) => {
              const d = dom(xml);
              const a = d.getElementsByTagNameNS(NS, "Assertion")[0]!;
              const ext = d.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
              d.documentElement!.insertBefore(ext, d.documentElement!.firstChild!.nextSibling);
              d.documentElement!.replaceChild(evilize(a as unknown as Element) as never, a);
              ext.appendChild(a);
              return ser(d);
            },
          }),
        ),
      );
    });

    it("the original signature copied onto a forged assertion with the same ID", async () => {
      await expectRefused(t, org.orgId, "bad_signature", async () =>
        refused(
          await signIn({
            user: user("w3", ["staff"]),
            mutate: (xml) => {
              const d = dom(xml);
              const a = d.getElementsByTagNameNS(NS, "Assertion")[0]!;
              const evil = evilize(a as unknown as Element);
              evil.setAttribute("ID", a.getAttribute("ID")!);
              const sig = a.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0]!;
              evil.insertBefore(sig.cloneNode(true) as never, evil.firstChild!.nextSibling as never);
              d.documentElement!.replaceChild(evil as never, a);
              return ser(d);
            },
          }),
        ),
      );
    });

    it("a signed response wrapped inside a forged one", async () => {
      await expectRefused(t, org.orgId, "bad_signature", async () =>
        refused(
          await signIn({
            user: user("w4", ["staff"]),
            sign: "response",
            mutate: (xml) => {
              const d = dom(xml);
              const original = d.documentElement!;
              const forged = original.cloneNode(true) as unknown as Element;
              const sig = Array.from(forged.childNodes).find((n) => (n as Element).localName === "Signature");
              if (sig) forged.removeChild(sig);
              forged.setAttribute("ID", "_forged");
              const a = forged.getElementsByTagNameNS(NS, "Assertion")[0]!;
              forged.replaceChild(evilize(a), a);
              const ext = d.createElementNS("urn:oasis:names:tc:SAML:2.0:protocol", "samlp:Extensions");
              ext.appendChild(original);
              forged.insertBefore(ext as never, forged.firstChild!.nextSibling);
              return new XMLSerializer().serializeToString(forged as never);
            },
          }),
        ),
      );
    });

    it("a NameID changed after the IdP signed the response", async () => {
      await expectRefused(t, org.orgId, "bad_signature", async () =>
        refused(
          await signIn({
            user: user("w5"),
            sign: "response",
            mutate: (xml) => xml.replace(`w5@${DOMAIN}`, `root@${DOMAIN}`),
          }),
        ),
      );
    });
  });

  it("a user whose email domain this org does not claim", async () => {
    await expectRefused(t, org.orgId, "domain_not_allowed", async () =>
      refused(await signIn({ user: { email: "mallory@elsewhere.test", name: "M", groups: [] } })),
    );
  });

  it("an attribute value past the shared limits (a 100 KB name)", async () => {
    await expectRefused(t, org.orgId, "invalid_response", async () =>
      refused(await signIn({ user: { email: `long@${DOMAIN}`, name: "x".repeat(100_000), groups: [] } })),
    );
    expect((await lastFailure(t, org.orgId))?.detail).toMatch(
      /attributes are refused: attributes\..* is longer than 8192/,
    );
    expect(await t.db.prisma.user.count({ where: { email: `long@${DOMAIN}` } })).toBe(0);
  });

  it("a deactivated user", async () => {
    await signIn({ user: user("gone") });
    await t.db.prisma.user.update({ where: { email: `gone@${DOMAIN}` }, data: { status: "deactivated" } });
    await expectRefused(t, org.orgId, "deactivated", async () => refused(await signIn({ user: user("gone") })));
  });

  it("IdP-initiated sign-in works only once enabled, and each assertion only once", async () => {
    const other = await makeSsoOrg(t, "idp-init.test");
    const s = `init-${uniq()}`;
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: other.users.owner.token,
      body: {
        type: "saml",
        name: "IdP-initiated",
        slug: s,
        idpEntityId: idp.entityId,
        ssoUrl: "https://idp.saml-corp.test/sso",
        idpCert: keyPair("idp-a").cert,
        allowIdpInitiated: true,
        defaultRole: "none",
      },
    });
    expect(created.status).toBe(201);
    await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${created.json.id}/mappings`, {
      token: other.users.owner.token,
      params: { id: created.json.id },
      body: { mappings: [{ idpGroup: "staff", role: "auditor" }] },
    });
    const target = { entityId: created.json.sp.entityId, acsUrl: created.json.sp.acsUrl };
    const r = await idp.respond({ sp: target, user: { email: "ok@idp-init.test", name: "Ok", groups: ["staff"] } });
    const ok = await post(r.samlResponse, { s });
    expect(ok.sid).toBeDefined();
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { email: "ok@idp-init.test" } })).role).toBe("auditor");
    await expectRefused(t, other.orgId, "replay", async () => refused(await post(r.samlResponse, { s })));
    await expectRefused(t, other.orgId, "no_mapped_role", async () => {
      const none = await idp.respond({
        sp: target,
        user: { email: "nogroup@idp-init.test", name: "No", groups: ["other"] },
      });
      refused(await post(none.samlResponse, { s }));
    });
  });

  it("refuses plain assertions when encryption is required", async () => {
    const other = await makeSsoOrg(t, "enc-only.test");
    const s = `enc-${uniq()}`;
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: other.users.owner.token,
      body: {
        type: "saml",
        name: "Encrypted",
        slug: s,
        metadataXml: idp.metadata("https://idp/sso"),
        requireEncryptedAssertions: true,
        allowIdpInitiated: true,
      },
    });
    const target = { entityId: created.json.sp.entityId, acsUrl: created.json.sp.acsUrl };
    await expectRefused(t, other.orgId, "unencrypted_assertion", async () => {
      const r = await idp.respond({ sp: target, user: { email: "x@enc-only.test", name: "X" } });
      refused(await post(r.samlResponse, { s }));
    });
  });
});

describe("one identity, one account (SAML)", () => {
  const evil = createSamlIdp({ entityId: "https://idp.attacker.test/metadata", signing: keyPair("attacker") });
  let evilSlug: string;
  let evilId: string;
  let evilSp: { entityId: string; acsUrl: string };

  async function setEvilRule(linkByVerifiedEmail: boolean) {
    const row = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: evilId } });
    await t.db.prisma.identityProvider.update({
      where: { id: evilId },
      data: { config: { ...(row.config as object), linkByVerifiedEmail } },
    });
  }

  async function viaEvil(u: { email: string; name?: string; groups?: string[] }) {
    const req = await start(evilSlug);
    const r = await evil.respond({ sp: evilSp, inResponseTo: req.id, user: u });
    return post(r.samlResponse, { s: evilSlug, relayState: req.relayState ?? "/" });
  }

  beforeAll(async () => {
    evilSlug = `evil-${uniq()}`;
    const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: {
        type: "saml",
        name: "Second SAML",
        slug: evilSlug,
        metadataXml: evil.metadata("https://idp.attacker.test/sso"),
      },
    });
    expect(created.status).toBe(201);
    evilId = created.json.id;
    evilSp = { entityId: created.json.sp.entityId, acsUrl: created.json.sp.acsUrl };
  });

  it("an Admin may not add an identity provider: 403, recorded as denied", async () => {
    const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.admin.token,
      body: { type: "saml", name: "Mine", slug: `mine-${uniq()}`, metadataXml: evil.metadata("https://x.test/sso") },
    });
    expect(r.status).toBe(403);
    const denied = await t.db.prisma.auditEvent.findFirst({
      where: { orgId: org.orgId, actorId: org.users.admin.id, action: "idp.configure", outcome: "denied" },
    });
    expect(denied).not.toBeNull();
  });

  it("an IdP configured by an Admin, with the Admin's own certificate, asserting the owner's email gets no session; refused, audited, the owner told", async () => {
    // As an Admin could configure it before this rule (or by any other path): their role is on record.
    await t.db.prisma.identityProvider.update({
      where: { id: evilId },
      data: { configuredByRole: "admin", configuredById: org.users.admin.id },
    });
    const before = await t.db.prisma.notice.count({
      where: { userId: org.users.owner.id, kind: "sso.signin.refused" },
    });
    await expectRefused(t, org.orgId, "account_not_linked", async () =>
      refused(await viaEvil({ email: org.users.owner.email, name: "Owner" })),
    );
    expect(await t.db.prisma.userIdentity.count({ where: { userId: org.users.owner.id } })).toBe(0);
    expect(await t.db.prisma.notice.count({ where: { userId: org.users.owner.id, kind: "sso.signin.refused" } })).toBe(
      before + 1,
    );
    // With the link-by-verified-email rule on and the owner's domain claimed, still refused: Owner rank.
    await setEvilRule(true);
    const ownerDomain = org.users.owner.email.split("@")[1]!;
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: [DOMAIN, ownerDomain] } });
    await expectRefused(t, org.orgId, "account_not_linked", async () =>
      refused(await viaEvil({ email: org.users.owner.email, name: "Owner" })),
    );
    await expectRefused(t, org.orgId, "account_not_linked", async () =>
      refused(await viaEvil({ email: org.users.admin.email, name: "Admin" })),
    );
    await setEvilRule(false);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "failure" },
      orderBy: { serverSeq: "desc" },
    });
    expect((ev.data as { detail: string }).detail).toMatch(/role admin/);
    await t.db.prisma.org.update({ where: { id: org.orgId }, data: { domains: [DOMAIN] } });
  });

  it("a second IdP asserting an existing SSO user's email is refused; the account keeps its identity and role", async () => {
    await t.db.prisma.identityProvider.update({ where: { id: evilId }, data: { configuredByRole: "owner" } });
    await signIn({ user: user("june", ["helpdesk-team"]) });
    const june = await t.db.prisma.user.findUniqueOrThrow({ where: { email: `june@${DOMAIN}` } });
    await expectRefused(t, org.orgId, "account_not_linked", async () =>
      refused(await viaEvil({ email: `june@${DOMAIN}`, name: "June", groups: ["console-admins"] })),
    );
    const links = await t.db.prisma.userIdentity.findMany({ where: { userId: june.id } });
    expect(links.map((l) => l.idpId)).toEqual([idpId]);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: june.id } })).role).toBe("helpdesk");
  });

  it("the owner-set rule links a verified email of a claimed domain below Admin, once, audited", async () => {
    await setEvilRule(true);
    const viewer = await t.db.prisma.user.create({
      data: { orgId: org.orgId, email: `kim@${DOMAIN}`, name: "Kim", role: "viewer" },
    });
    const r = await viaEvil({ email: viewer.email, name: "Kim" });
    expect(r.sid).toBeDefined();
    const link = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: viewer.id } });
    expect(link).toMatchObject({ idpId: evilId, linkedVia: "verified_email" });
    expect(
      await t.db.prisma.auditEvent.count({
        where: { orgId: org.orgId, action: "user.identity.link", targetId: viewer.id },
      }),
    ).toBe(1);
    // The account keeps its role: a linked IdP's mapping does not drive it.
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: viewer.id } })).role).toBe("viewer");
  });
});

describe("linking an identity to one's own account (SAML)", () => {
  let totpSecret: string;

  /** A browser signed in to the console as this user: its session cookie. */
  async function browserOf(userId: string) {
    const s = await t.db.prisma.session.create({
      data: { orgId: org.orgId, userId, expiresAt: new Date(Date.now() + 3600_000) },
    });
    return (await sessionCookieHeader(userId, s.id)).split(";")[0]!;
  }

  async function link(token: string, body: Record<string, unknown>) {
    return call(linkRoute.POST, "POST", "/api/v1/me/identities/link", { token, body: { idpId, ...body } });
  }

  /** Completes a started link in this browser: the IdP answers for `nameId`. */
  async function completeAtIdp(browserCookie: string, intentCookie: string, nameId: string) {
    const res = await startRoute.GET(
      new Request(`${PUBLIC_URL}/api/sso/saml/${slug}/start?link=1&next=/profile`, {
        headers: { cookie: `${browserCookie}; ${intentCookie}` },
      }),
      { params: Promise.resolve({ key: slug }) },
    );
    if (res.status !== 302) return { status: res.status, location: res.headers.get("location") ?? "", sid: undefined };
    const location = new URL(res.headers.get("location")!);
    const xml = zlib.inflateRawSync(Buffer.from(location.searchParams.get("SAMLRequest")!, "base64")).toString();
    const id = /\bID="([^"]+)"/.exec(xml)![1]!;
    const r = await idp.respond({ sp, inResponseTo: id, user: { email: nameId, name: "Linked", groups: [] } });
    return post(r.samlResponse, { relayState: location.searchParams.get("RelayState") ?? "/" });
  }

  const intentCookieOf = (r: { headers: Headers }) => r.headers.get("set-cookie")!.split(";")[0]!;

  it("an Owner needs a second factor enrolled to link, and must give it", async () => {
    const noFactor = await link(org.users.owner.token, { password: org.password });
    expect(noFactor.status).toBe(422);
    expect(noFactor.json.error.fields[0].path).toBe("code");
    totpSecret = newTotpSecret();
    await t.db.prisma.user.update({
      where: { id: org.users.owner.id },
      data: {
        totpSecretEnc: encryptSecret(masterKey(), totpSecret, totpAad(org.users.owner.id)),
        totpEnabledAt: new Date(),
      },
    });
    const wrongPassword = await link(org.users.owner.token, { password: "nope", code: totpAt(totpSecret, Date.now()) });
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.json.error.fields[0].path).toBe("password");
    const noCode = await link(org.users.owner.token, { password: org.password });
    expect(noCode.json.error.fields[0].path).toBe("code");
    const wrongCode = await link(org.users.owner.token, { password: org.password, code: "000000" });
    expect(wrongCode.json.error.fields[0].path).toBe("code");
    expect(
      await t.db.prisma.auditEvent.count({
        where: { orgId: org.orgId, actorId: org.users.owner.id, action: "user.identity.link", outcome: "denied" },
      }),
    ).toBe(4);
  });

  it("an Owner who proved password and second factor links the IdP and then signs in through it", async () => {
    const started = await link(org.users.owner.token, { password: org.password, code: totpAt(totpSecret, Date.now()) });
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    expect(started.json.continueUrl).toMatch(new RegExp(`^/api/sso/saml/${slug}/start\\?link=1`));
    const done = await completeAtIdp(await browserOf(org.users.owner.id), intentCookieOf(started), `boss@${DOMAIN}`);
    expect(done.location).toBe("/profile");
    const s = await t.db.prisma.session.findUniqueOrThrow({ where: { id: done.sid! } });
    expect(s.userId).toBe(org.users.owner.id);
    const linkRow = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: org.users.owner.id, idpId } });
    expect(linkRow).toMatchObject({ subject: `boss@${DOMAIN}`, linkedVia: "self", mfaAtLink: true });
    // From now on that identity is the owner's, and signs the owner in; the role stays Owner.
    const again = await signIn({ user: { email: `boss@${DOMAIN}`, name: "Boss", groups: [] } });
    expect(again.sid).toBeDefined();
    const owner = await t.db.prisma.user.findUniqueOrThrow({ where: { id: org.users.owner.id } });
    expect(owner.role).toBe("owner");
    const mine = await call(identitiesRoute.GET, "GET", "/api/v1/me/identities", { token: org.users.owner.token });
    expect(mine.json.identities).toEqual([
      expect.objectContaining({ idpId, subject: `boss@${DOMAIN}`, linkedVia: "self", secondFactorAtLink: true }),
    ]);
  });

  it("completes only in the browser of the account that asked, and never takes an identity linked elsewhere", async () => {
    const started = await link(org.users.auditor.token, { password: org.password });
    expect(started.status).toBe(202);
    // The link cookie in a browser signed in as someone else does nothing.
    const elsewhere = await completeAtIdp(await browserOf(org.users.viewer.id), intentCookieOf(started), `x@${DOMAIN}`);
    expect(elsewhere.location).toBe("/profile?link=expired");
    // hana was provisioned by this IdP: her identity stays hers.
    const taken = await completeAtIdp(await browserOf(org.users.auditor.id), intentCookieOf(started), `hana@${DOMAIN}`);
    expect(taken.sid).toBeUndefined();
    const f = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "auth.signin", outcome: "failure" },
      orderBy: { serverSeq: "desc" },
    });
    expect((f.data as { reason: string }).reason).toBe("identity_linked_elsewhere");
    expect(await t.db.prisma.userIdentity.count({ where: { userId: org.users.auditor.id } })).toBe(0);
  });

  it("an IdP last configured by an Admin cannot be linked to an Admin's or Owner's account", async () => {
    await t.db.prisma.identityProvider.update({ where: { id: idpId }, data: { configuredByRole: "admin" } });
    try {
      const r = await link(org.users.admin.token, { password: org.password });
      expect(r.status).toBe(403);
      expect(r.json.error.message).toMatch(/cannot sign in an account with the role admin/);
      // And the owner's earlier link no longer signs the owner in through it.
      await expectRefused(t, org.orgId, "role_above_idp_limit", async () =>
        refused(await signIn({ user: { email: `boss@${DOMAIN}`, name: "Boss", groups: [] } })),
      );
    } finally {
      await t.db.prisma.identityProvider.update({ where: { id: idpId }, data: { configuredByRole: "owner" } });
    }
  });
});

/**
 * The SSO setup an Okta / Entra ID admin goes through: the URLs to paste (stable across renames),
 * partial edits, certificates checked on save, IdP-initiated refusals the user understands, the
 * reference findable in the audit log, recent failures and received groups on the IdP page.
 * Against the samlify IdP (test-peers/saml) and real Postgres.
 */
import { generate } from "selfsigned";
import { beforeAll, describe, expect, it } from "vitest";
import * as acsRoute from "@/app/api/sso/saml/[key]/acs/route";
import * as metadataRoute from "@/app/api/sso/saml/[key]/metadata/route";
import * as auditRoute from "@/app/api/v1/audit-events/route";
import * as activityRoute from "@/app/api/v1/identity-providers/[id]/activity/route";
import * as mappingsRoute from "@/app/api/v1/identity-providers/[id]/mappings/route";
import * as idpRoute from "@/app/api/v1/identity-providers/[id]/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { GROUP_SAMPLES_KEPT, recordReceivedGroups } from "@/server/sso/record-received-groups";
import { createSamlIdp, keyPair } from "../../../../test-peers/saml/idp.mjs";
import { call, PUBLIC_URL, setupTestDatabase } from "../harness";
import { cookieValue, formRequest, makeSsoOrg, sidOf, uniq } from "./helpers";

const t = setupTestDatabase();
const DOMAIN = "setup-corp.test";
const idp = createSamlIdp({ entityId: "https://idp.setup-corp.test/metadata" });
let org: Awaited<ReturnType<typeof makeSsoOrg>>;

const owner = () => org.users.owner.token;
const user = (name: string, groups: string[] = []) => ({ email: `${name}@${DOMAIN}`, name, groups });

async function createSaml(extra: Record<string, unknown> = {}) {
  const slug = `setup-${uniq()}`;
  const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token: owner(),
    body: {
      type: "saml",
      name: "Setup SAML",
      slug,
      metadataXml: idp.metadata("https://idp.setup-corp.test/sso"),
      ...extra,
    },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { id: string; slug: string; sp: { entityId: string; acsUrl: string; metadataUrl: string } };
}

const get = async (id: string) =>
  (await call(idpRoute.GET, "GET", `/api/v1/identity-providers/${id}`, { token: owner(), params: { id } })).json;
const patch = (id: string, body: unknown, token = owner()) =>
  call(idpRoute.PATCH, "PATCH", `/api/v1/identity-providers/${id}`, { token, params: { id }, body });

/** Posts a response to the ACS URL exactly as the IdP admin configured it (the URL's own key). */
async function postToAcs(acsUrl: string, samlResponse: string) {
  const key = new URL(acsUrl).pathname.split("/")[4]!;
  const res = await acsRoute.POST(formRequest(new URL(acsUrl).pathname, { SAMLResponse: samlResponse }), {
    params: Promise.resolve({ key }),
  });
  return {
    status: res.status,
    location: res.headers.get("location") ?? "",
    sid: await sidOf(cookieValue(res.headers.getSetCookie(), "next-auth.session-token")),
  };
}

function cert(o: { bits?: number; notBefore?: Date; notAfter?: Date }) {
  return generate([{ name: "commonName", value: "test idp" }], {
    keySize: o.bits ?? 2048,
    algorithm: "sha256",
    ...(o.notBefore ? { notBeforeDate: o.notBefore } : {}),
    ...(o.notAfter ? { notAfterDate: o.notAfter } : {}),
  }).then((p) => p.cert);
}

beforeAll(async () => {
  org = await makeSsoOrg(t, DOMAIN);
});

describe("the URLs the admin pastes into the IdP", () => {
  it("do not change when the IdP is renamed or its slug changes, and sign-in through them keeps working", async () => {
    const created = await createSaml({ allowIdpInitiated: true });
    expect(created.sp.acsUrl).toBe(`${PUBLIC_URL}/api/sso/saml/${created.slug}/acs`);
    const renamed = await patch(created.id, { name: "Okta (renamed)", slug: `renamed-${uniq()}` });
    expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
    expect(renamed.json.name).toBe("Okta (renamed)");
    expect(renamed.json.sp).toEqual(created.sp);

    // The IdP still posts to the URLs configured before the rename, and the user gets in.
    const r = await idp.respond({ sp: created.sp, user: user("renamed-user") });
    const res = await postToAcs(created.sp.acsUrl, r.samlResponse);
    expect(res.sid).toBeDefined();
    const key = created.slug;
    const md = await metadataRoute.GET(new Request(created.sp.metadataUrl), { params: Promise.resolve({ key }) });
    expect(await md.text()).toContain(`entityID="${created.sp.entityId}"`);
  });

  it("a new IdP cannot take a short name still used in another IdP's URLs", async () => {
    const first = await createSaml();
    await patch(first.id, { slug: `moved-${uniq()}` });
    const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: owner(),
      body: {
        type: "saml",
        name: "Other",
        slug: first.slug,
        metadataXml: idp.metadata("https://idp.setup-corp.test/sso"),
      },
    });
    expect(r.status).toBe(409);
    expect(r.json.error.fields?.[0]?.path).toBe("slug");
  });

  it("an OIDC IdP shows its redirect URI, from the same stable key", async () => {
    const slug = `oidc-${uniq()}`;
    const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: owner(),
      body: {
        type: "oidc",
        name: "Okta OIDC",
        slug,
        issuer: "https://acme.okta.example",
        clientId: "c",
        clientSecret: "s",
      },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.rp.redirectUri).toBe(`${PUBLIC_URL}/api/auth/callback/${slug}`);
    const moved = await patch(r.json.id, { slug: `oidc-moved-${uniq()}` });
    expect(moved.json.rp.redirectUri).toBe(`${PUBLIC_URL}/api/auth/callback/${slug}`);
  });
});

describe("partial updates and certificates", () => {
  it("PATCH changes one setting without re-sending the certificate; the audit event names the change", async () => {
    const created = await createSaml();
    const before = await get(created.id);
    const r = await patch(created.id, { groupsAttribute: "memberOf" });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.config.groupsAttribute).toBe("memberOf");
    expect(r.json.config.idpCerts).toEqual(before.config.idpCerts);
    expect(r.json.config.spCert).toBe(before.config.spCert);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "idp.update", targetId: created.id },
      orderBy: { serverSeq: "desc" },
    });
    expect(ev.after).toMatchObject({ groupsAttribute: "memberOf" });
  });

  it("an Admin may switch an IdP on and off by PATCH, but not change its settings", async () => {
    const created = await createSaml();
    expect((await patch(created.id, { enabled: false }, org.users.admin.token)).status).toBe(200);
    const denied = await patch(created.id, { groupsAttribute: "x" }, org.users.admin.token);
    expect(denied.status).toBe(403);
    expect((await get(created.id)).config.groupsAttribute).toBe("groups");
  });

  it("PUT accepts the GET answer sent back with one field edited", async () => {
    const created = await createSaml();
    const view = await get(created.id);
    const put = await call(idpRoute.PUT, "PUT", `/api/v1/identity-providers/${created.id}`, {
      token: owner(),
      params: { id: created.id },
      body: { ...view, name: "Edited from GET", config: { ...view.config, nameAttribute: "cn" } },
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({
      name: "Edited from GET",
      config: { nameAttribute: "cn", idpCerts: view.config.idpCerts },
    });
  });

  it("refuses unusable certificates on save, with a reason in words next to the field", async () => {
    const created = await createSaml();
    const cases: [string, RegExp][] = [
      ["hello", /^IdP signing certificate: not a certificate/],
      [
        await cert({ notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2021-03-04T00:00:00Z") }),
        /^IdP signing certificate: expired on 2021-03-04$/,
      ],
      [await cert({ bits: 1024 }), /^IdP signing certificate: RSA key under 2048 bits \(1024 bits\)$/],
    ];
    for (const [idpCert, message] of cases) {
      const r = await patch(created.id, { metadataXml: "", idpCert });
      expect(r.status).toBe(422);
      expect(r.json.error.fields[0].path).toBe("idpCert");
      expect(r.json.error.fields[0].message).toMatch(message);
    }
    // Nothing stored changed.
    expect((await get(created.id)).config.idpCerts).toEqual([
      keyPair("idp-a").cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ""),
    ]);
  });

  it("refuses an http:// OIDC issuer outside localhost", async () => {
    const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: owner(),
      body: {
        type: "oidc",
        name: "Plain",
        slug: `plain-${uniq()}`,
        issuer: "http://idp.example.com",
        clientId: "c",
        clientSecret: "s",
      },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields[0]).toMatchObject({
      path: "issuer",
      message: expect.stringMatching(/http:\/\/ issuer is refused outside localhost/),
    });
  });
});

describe("after a refused sign-in", () => {
  it("an IdP-initiated response while that is off tells the user so; the reference finds the event in the audit log and on the IdP page", async () => {
    const created = await createSaml();
    const r = await idp.respond({ sp: created.sp, user: user("tile-user") });
    const res = await postToAcs(created.sp.acsUrl, r.samlResponse);
    expect(res.sid).toBeUndefined();
    const m = /^\/signin\?error=idp_initiated&ref=([^&]+)$/.exec(res.location);
    expect(m, res.location).not.toBeNull();
    const ref = decodeURIComponent(m![1]!);

    const found = await call(auditRoute.GET, "GET", `/api/v1/audit-events?requestId=${encodeURIComponent(ref)}`, {
      token: org.users.auditor.token,
    });
    expect(found.status).toBe(200);
    expect(found.json.items).toHaveLength(1);
    expect(found.json.items[0]).toMatchObject({ action: "auth.signin", outcome: "failure", requestId: ref });

    const activity = await call(activityRoute.GET, "GET", `/api/v1/identity-providers/${created.id}/activity`, {
      token: org.users.admin.token,
      params: { id: created.id },
    });
    expect(activity.json.failures[0]).toMatchObject({
      reference: ref,
      reason: "idp_initiated_disabled",
      subject: `tile-user@${DOMAIN}`,
      help: expect.stringMatching(/Okta tile/),
    });
  });
});

describe("group mapping", () => {
  it("shows the groups the IdP sent at the last sign-ins and flags mappings that never matched", async () => {
    const created = await createSaml({ allowIdpInitiated: true });
    const mapped = await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${created.id}/mappings`, {
      token: org.users.admin.token,
      params: { id: created.id },
      body: {
        mappings: [
          { idpGroup: "Console-Admins", role: "admin" },
          { idpGroup: "5f8a1c2e-0000-4000-8000-00000000beef", role: "auditor" },
        ],
      },
    });
    expect(mapped.status).toBe(200);
    const r = await idp.respond({ sp: created.sp, user: user("grouped", ["console-admins", "sales"]) });
    expect((await postToAcs(created.sp.acsUrl, r.samlResponse)).sid).toBeDefined();

    const activity = await call(activityRoute.GET, "GET", `/api/v1/identity-providers/${created.id}/activity`, {
      token: org.users.admin.token,
      params: { id: created.id },
    });
    expect(activity.json.groupSets[0]).toMatchObject({
      subject: `grouped@${DOMAIN}`,
      groups: ["console-admins", "sales"],
    });
    const byGroup = Object.fromEntries(
      (activity.json.mappings as { idpGroup: string; lastMatchedAt: string | null }[]).map((x) => [x.idpGroup, x]),
    );
    expect(byGroup["Console-Admins"]?.lastMatchedAt).not.toBeNull();
    expect(byGroup["5f8a1c2e-0000-4000-8000-00000000beef"]?.lastMatchedAt).toBeNull();
  });

  it("keeps only the last few group sets per IdP", async () => {
    const created = await createSaml();
    const row = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: created.id } });
    for (let i = 0; i < GROUP_SAMPLES_KEPT + 5; i++) await recordReceivedGroups(row, `u${i}@${DOMAIN}`, [`g${i}`]);
    const kept = await t.db.prisma.idpGroupSample.findMany({
      where: { idpId: created.id },
      orderBy: { receivedAt: "desc" },
    });
    expect(kept).toHaveLength(GROUP_SAMPLES_KEPT);
    expect(kept[0]?.groups).toEqual([`g${GROUP_SAMPLES_KEPT + 4}`]);
  });
});

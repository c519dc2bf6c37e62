/**
 * Signed AuthnRequests: the console signs its Redirect-binding requests with the IdP's SP key,
 * publishes the certificate in the SP metadata, and a samlify IdP that requires signed requests
 * verifies them. Rotating the SP key publishes the new certificate at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as metadataRoute from "@/app/api/sso/saml/[key]/metadata/route";
import * as startRoute from "@/app/api/sso/saml/[key]/start/route";
import * as idpRoute from "@/app/api/v1/identity-providers/[id]/route";
import * as spKeyRoute from "@/app/api/v1/identity-providers/[id]/sp-key/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { createSamlIdp } from "../../../../test-peers/saml/idp.mjs";
import { call, PUBLIC_URL, setupTestDatabase } from "../harness";
import { makeSsoOrg, uniq } from "./helpers";

const t = setupTestDatabase();
const idp = createSamlIdp({ entityId: "https://idp.signing-corp.test/metadata" });
let org: Awaited<ReturnType<typeof makeSsoOrg>>;
let id: string;
let key: string;

const metadata = async () =>
  (
    await metadataRoute.GET(new Request(`${PUBLIC_URL}/api/sso/saml/${key}/metadata`), {
      params: Promise.resolve({ key }),
    })
  ).text();
async function start() {
  const res = await startRoute.GET(new Request(`${PUBLIC_URL}/api/sso/saml/${key}/start?next=/audit`), {
    params: Promise.resolve({ key }),
  });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}

beforeAll(async () => {
  org = await makeSsoOrg(t, "signing-corp.test");
  key = `signed-${uniq()}`;
  const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token: org.users.owner.token,
    body: { type: "saml", name: "Signed", slug: key, metadataXml: idp.metadata("https://idp.signing-corp.test/sso") },
  });
  expect(r.status).toBe(201);
  id = r.json.id;
});

describe("signed AuthnRequests", () => {
  it("are on for a new IdP: the metadata publishes the signing certificate and the IdP verifies the request", async () => {
    const md = await metadata();
    expect(md).toContain('AuthnRequestsSigned="true"');
    expect(md).toMatch(/KeyDescriptor use="signing"/);
    const location = await start();
    expect(new URL(location).searchParams.get("SigAlg")).toBe("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    const requestId = await idp.parseSignedLoginRequest(md, location);
    expect(requestId).toMatch(/^_/);
  });

  it("a request whose RelayState was changed in transit fails the IdP's check", async () => {
    const md = await metadata();
    const url = new URL(await start());
    url.searchParams.set("RelayState", "/evil");
    await expect(idp.parseSignedLoginRequest(md, url.href)).rejects.toThrow(/SIGNATURE/);
  });

  it("rotating the SP key publishes the new certificate; the old one no longer verifies requests", async () => {
    const before = await metadata();
    const rotated = await call(spKeyRoute.POST, "POST", `/api/v1/identity-providers/${id}/sp-key`, {
      token: org.users.owner.token,
      params: { id },
    });
    expect(rotated.status).toBe(200);
    const after = await metadata();
    expect(after).not.toBe(before);
    const location = await start();
    await expect(idp.parseSignedLoginRequest(before, location)).rejects.toThrow(/SIGNATURE/);
    expect(await idp.parseSignedLoginRequest(after, location)).toMatch(/^_/);
    const ev = await t.db.prisma.auditEvent.findFirst({
      where: { orgId: org.orgId, action: "idp.sp_key.rotate", targetId: id },
    });
    expect(ev).not.toBeNull();
    // Only an Owner may rotate it.
    const denied = await call(spKeyRoute.POST, "POST", `/api/v1/identity-providers/${id}/sp-key`, {
      token: org.users.admin.token,
      params: { id },
    });
    expect(denied.status).toBe(403);
  });

  it("can be turned off; the metadata then says requests are unsigned", async () => {
    const r = await call(idpRoute.PATCH, "PATCH", `/api/v1/identity-providers/${id}`, {
      token: org.users.owner.token,
      params: { id },
      body: { signAuthnRequests: false },
    });
    expect(r.status).toBe(200);
    expect(await metadata()).toContain('AuthnRequestsSigned="false"');
    expect(new URL(await start()).searchParams.get("Signature")).toBeNull();
  });
});

import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import * as scimSettings from "@/app/api/v1/scim/route";
import * as scimToken from "@/app/api/v1/scim/token/route";
import * as groupOne from "@/app/scim/v2/Groups/[id]/route";
import * as groups from "@/app/scim/v2/Groups/route";
import * as userOne from "@/app/scim/v2/Users/[id]/route";
import * as users from "@/app/scim/v2/Users/route";
import { type CallOptions, call, makeOrg, type TestOrg } from "../harness";

export interface ScimOrg extends TestOrg {
  idpId: string;
  scimToken: string;
}

/** An org with a SAML IdP (configured by its Owner) mapping groups to roles, and a SCIM token. */
export async function makeScimOrg(defaultRole = "viewer"): Promise<ScimOrg> {
  const { db } = await import("@/server/db");
  const org = await makeOrg("scim");
  const domain = org.users.owner.email.split("@")[1]!;
  await db().org.update({ where: { id: org.orgId }, data: { domains: [domain, "okta.local", "contoso.com"] } });
  const idp = await db().identityProvider.create({
    data: {
      orgId: org.orgId,
      type: "saml",
      name: "Okta",
      ...keyed(`okta-${randomBytes(3).toString("hex")}`),
      config: { defaultRole },
      configuredById: org.users.owner.id,
      configuredByRole: "owner",
    },
  });
  await db().idpGroupMapping.createMany({
    data: [
      { orgId: org.orgId, idpId: idp.id, idpGroup: "Console Admins", role: "admin" },
      { orgId: org.orgId, idpId: idp.id, idpGroup: "Console Auditors", role: "auditor" },
    ],
  });
  const owner = org.users.owner.token;
  const s = await call(scimSettings.PUT, "PUT", "/api/v1/scim", { token: owner, body: { idpId: idp.id } });
  if (s.status !== 200) throw new Error(`scim settings: ${JSON.stringify(s.json)}`);
  const t = await call(scimToken.POST, "POST", "/api/v1/scim/token", { token: owner });
  if (t.status !== 201) throw new Error(`scim token: ${JSON.stringify(t.json)}`);
  return { ...org, idpId: idp.id, scimToken: t.json.token };
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** A SCIM request as an IdP sends it (application/scim+json). */
export function scim(o: { scimToken: string }, method: Method, path: string, opts: CallOptions = {}) {
  const [collection, id] = path.replace(/\?.*$/, "").split("/").filter(Boolean);
  const isOne = Boolean(id);
  const mod = collection === "Users" ? (isOne ? userOne : users) : isOne ? groupOne : groups;
  const handler = (mod as unknown as Record<Method, Parameters<typeof call>[0]>)[method];
  return call(handler, method, `/scim/v2${path}`, {
    token: o.scimToken,
    ...opts,
    params: isOne ? { id: id! } : {},
    headers: { "content-type": "application/scim+json", ...opts.headers },
  });
}

/** A browser session cookie for a session row, as next-auth would set it. */
export async function sessionCookie(sessionId: string): Promise<string> {
  const value = await encode({ token: { sid: sessionId }, secret: process.env.AUTH_SECRET! });
  return `next-auth.session-token=${encodeURIComponent(value)}`;
}

/** An IdP's slug and the frozen key its URLs use (the slug it was created with). */
export const keyed = (slug: string) => ({ slug, spKey: slug });

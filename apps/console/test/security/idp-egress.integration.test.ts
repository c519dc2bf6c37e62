import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as testRoute from "@/app/api/v1/identity-providers/[id]/test/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { resetEnvForTests } from "@/server/env";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase } from "../harness";

setupTestDatabase();

/** An internal service that would leak its status and body through the Test button. */
let internal: http.Server;
let internalUrl: string;
let hits = 0;
beforeAll(async () => {
  internal = http.createServer((_req, res) => {
    hits++;
    res.writeHead(401).end("INTERNAL-ADMIN-PANEL session=abc");
  });
  await new Promise<void>((r) => internal.listen(0, "127.0.0.1", r));
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
afterAll(() => internal.close());
afterEach(() => {
  process.env.EGRESS_ALLOW = "127.0.0.0/8,::1";
  resetEnvForTests();
});

let n = 0;
async function oidcIdp(token: string, issuer: string) {
  return call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token,
    body: {
      type: "oidc",
      name: `OIDC ${++n}`,
      slug: `egress-${n}-${Date.now()}`,
      issuer,
      clientId: "c",
      clientSecret: "s",
    },
  });
}

async function discoveryStep(token: string, id: string) {
  const r = await call(testRoute.POST, "POST", `/api/v1/identity-providers/${id}/test`, {
    token,
    params: { id },
    body: {},
  });
  expect(r.status).toBe(200);
  return r.json.steps.find((s: { step: string }) => s.step === "discovery") as { ok: boolean; detail: string };
}

describe("identity provider URLs and the egress policy", () => {
  it("refuses file:// and other schemes when the provider is saved, naming the field", async () => {
    const org = await makeOrg();
    for (const issuer of ["file:///etc/passwd", "gopher://127.0.0.1:70/", "https://user:pw@issuer.example"]) {
      const r = await oidcIdp(org.users.owner.token, issuer);
      expect(r.status, issuer).toBe(422);
      expect(r.json.error.fields.map((f: { path: string }) => f.path)).toContain("issuer");
    }
  });

  it("the Test button does not reach internal addresses, cloud metadata or the console itself", async () => {
    process.env.EGRESS_ALLOW = "";
    resetEnvForTests();
    const org = await makeOrg();
    const before = hits;
    // A plain-http issuer other than localhost is refused when saved, before anything is fetched.
    for (const issuer of ["http://169.254.169.254/latest", PUBLIC_URL]) {
      const refused = await oidcIdp(org.users.owner.token, issuer);
      expect(refused.status, issuer).toBe(422);
      expect(refused.json.error.fields.map((f: { path: string }) => f.path)).toContain("issuer");
    }
    for (const issuer of [internalUrl, "https://169.254.169.254/latest", "https://10.0.0.7"]) {
      const created = await oidcIdp(org.users.owner.token, issuer);
      expect(created.status, issuer).toBe(201);
      const step = await discoveryStep(org.users.owner.token, created.json.id);
      expect(step.ok, issuer).toBe(false);
      expect(step.detail, issuer).toMatch(/not allowed by the egress policy/);
    }
    expect(hits).toBe(before);
  });

  it("an allowed peer's error answer is reported by class, without its body", async () => {
    const org = await makeOrg();
    const created = await oidcIdp(org.users.owner.token, internalUrl);
    const step = await discoveryStep(org.users.owner.token, created.json.id);
    expect(step.ok).toBe(false);
    expect(step.detail).toMatch(/error status \(HTTP 401\)/);
    expect(step.detail).not.toContain("INTERNAL-ADMIN-PANEL");
  });

  it("the LDAP test refuses internal addresses and reads the same for a closed port and a non-LDAP service", async () => {
    const org = await makeOrg();
    const ldap = async (url: string) => {
      const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
        token: org.users.owner.token,
        body: {
          type: "ldap",
          name: `LDAP ${++n}`,
          slug: `egress-ldap-${n}-${Date.now()}`,
          url,
          bindDn: "cn=svc,dc=example,dc=test",
          bindPassword: "pw",
          userBase: "ou=people,dc=example,dc=test",
          groupBase: "ou=groups,dc=example,dc=test",
          timeoutMs: 1000,
        },
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const r = await call(testRoute.POST, "POST", `/api/v1/identity-providers/${created.json.id}/test`, {
        token: org.users.owner.token,
        params: { id: created.json.id },
        body: {},
      });
      expect(r.json.ok).toBe(false);
      return r.json.steps.map((s: { detail: string }) => s.detail).join(" ");
    };
    const closed = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const open = new URL(internalUrl).port;
    const closedDetail = await ldap(`ldap://127.0.0.1:${closed}`);
    const openDetail = await ldap(`ldap://127.0.0.1:${open}`);
    expect(closedDetail).toBe(openDetail);
    expect(closedDetail).not.toMatch(/ECONNREFUSED|ECONNRESET|127\.0\.0\.1:\d+/);

    process.env.EGRESS_ALLOW = "";
    resetEnvForTests();
    expect(await ldap("ldap://169.254.169.254:389")).toMatch(/not allowed by the egress policy/);
    expect(await ldap(`ldap://localhost:${closed}`)).toMatch(/not allowed by the egress policy/);
  });
});

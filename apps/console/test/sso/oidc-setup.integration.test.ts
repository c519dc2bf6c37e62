/**
 * OIDC setup failures in words: the Test button names the class (DNS, TLS, HTTP status, invalid
 * discovery document, oversized JWKS), and openid-client's own requests (token, JWKS, userinfo)
 * are size-capped. The issuers here are real HTTP servers on loopback that misbehave on purpose.
 */
import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { custom, Issuer, TokenSet } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as testRoute from "@/app/api/v1/identity-providers/[id]/test/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { OIDC_MAX_RESPONSE_BYTES, oidcHttpOptions } from "@/server/sso/oidc-http";
import { call, setupTestDatabase } from "../harness";
import { makeSsoOrg, uniq } from "./helpers";

const t = setupTestDatabase();
let org: Awaited<ReturnType<typeof makeSsoOrg>>;
let server: http.Server;
let base: string;

const key = {
  ...generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" }),
  kid: "k1",
  use: "sig",
  alg: "RS256",
};
/** A JWKS past the cap: real keys padded with a long unused member. */
const bigJwks = JSON.stringify({ keys: [key], padding: "x".repeat(OIDC_MAX_RESPONSE_BYTES + 1024) });

/** /<case>/.well-known/openid-configuration for each misbehaviour, and the JWKS they point at. */
function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const [, which, ...rest] = (req.url ?? "").split("/");
  const path = `/${rest.join("/")}`;
  const issuer = `${base}/${which}`;
  const doc = { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` };
  const send = (status: number, body: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  };
  if (path === "/.well-known/openid-configuration") {
    if (which === "status") return send(500, "{}");
    if (which === "invalid") return send(200, JSON.stringify(doc));
    return send(200, JSON.stringify({ ...doc, jwks_uri: `${issuer}/jwks` }));
  }
  if (path === "/jwks") return send(200, which === "bigjwks" ? bigJwks : JSON.stringify({ keys: [key] }));
  send(404, "{}");
}

beforeAll(async () => {
  org = await makeSsoOrg(t, "oidc-setup.test");
  server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function testOf(issuer: string) {
  const created = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
    token: org.users.owner.token,
    body: { type: "oidc", name: "Setup OIDC", slug: `oidc-${uniq()}`, issuer, clientId: "c", clientSecret: "s" },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const r = await call(testRoute.POST, "POST", `/api/v1/identity-providers/${id}/test`, {
    token: org.users.admin.token,
    params: { id },
    body: {},
  });
  expect(r.status).toBe(200);
  return r.json as { ok: boolean; steps: { step: string; ok: boolean; detail: string }[] };
}

describe("the OIDC Test button says why", () => {
  it("passes a working issuer: discovery and its signing keys", async () => {
    const r = await testOf(`${base}/good`);
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.step)).toEqual(["discovery", "signing keys (JWKS)"]);
  });

  it("DNS: the host does not resolve", async () => {
    const r = await testOf("https://no-such-issuer.invalid");
    expect(r.steps[0]).toMatchObject({ step: "discovery", ok: false, detail: "The host name could not be resolved" });
  });

  it("TLS: the issuer does not speak TLS on that port", async () => {
    const r = await testOf(`${base.replace("http:", "https:")}/good`);
    expect(r.steps[0]?.detail).toMatch(/^The TLS handshake failed/);
  });

  it("HTTP status: the discovery URL answers 500", async () => {
    const r = await testOf(`${base}/status`);
    expect(r.steps[0]?.detail).toBe("The server answered with an error status (HTTP 500)");
  });

  it("discovery document invalid: it names the missing entry", async () => {
    const r = await testOf(`${base}/invalid`);
    expect(r.steps[0]?.detail).toMatch(/OpenID discovery document: jwks_uri missing or invalid/);
  });

  it("an oversized JWKS is refused by the Test", async () => {
    const r = await testOf(`${base}/bigjwks`);
    expect(r.steps[1]).toMatchObject({ ok: false, detail: expect.stringMatching(/larger than allowed/) });
  });
});

describe("openid-client's requests at sign-in are size-capped", () => {
  // next-auth hands provider.httpOptions to openid-client's setHttpOptionsDefaults
  // (next-auth/core/lib/oauth/client.js); verifying an ID token then fetches the issuer's JWKS.
  async function verifyIdToken(which: string) {
    custom.setHttpOptionsDefaults(oidcHttpOptions(`${base}/${which}/token`));
    const issuerUrl = `${base}/${which}`;
    const issuer = new Issuer({ issuer: issuerUrl, jwks_uri: `${issuerUrl}/jwks` });
    const client = new issuer.Client({ client_id: "c", client_secret: "s" });
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const idToken = `${part({ alg: "RS256", kid: "k1" })}.${part({ iss: issuerUrl, aud: "c", sub: "u", iat: now, exp: now + 60 })}.${Buffer.from("not-a-signature").toString("base64url")}`;
    const validate = (client as unknown as { validateIdToken(t: object): Promise<unknown> }).validateIdToken;
    return validate.call(client, new TokenSet({ id_token: idToken })).then(
      () => "accepted",
      (e: Error) => e.message,
    );
  }

  it("reads a normal JWKS (and then refuses the forged signature)", async () => {
    expect(await verifyIdToken("good")).toMatch(/failed to validate JWT signature/);
  });

  it("aborts an oversized JWKS instead of buffering it", async () => {
    const message = await verifyIdToken("bigjwks");
    expect(message).not.toMatch(/failed to validate JWT signature/);
    expect(message).toMatch(/larger than allowed|aborted|socket hang up/);
  });
});

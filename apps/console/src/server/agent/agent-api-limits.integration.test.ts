import { randomBytes } from "node:crypto";
import { generateEd25519, signEd25519 } from "@luminous/crypto";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enrollPOST } from "../../app/api/agent/v1/enroll/route";
import { POST as heartbeatPOST } from "../../app/api/agent/v1/heartbeat/route";
import { GET as policyGET } from "../../app/api/agent/v1/policy/route";
import { db } from "../db";
import { bumpPolicyGeneration } from "../effective-policy/bump-policy-generation";
import { resetEnvForTests } from "../env";
import { socketAddressHeaders } from "../http/client-address";
import { createEnrollmentToken } from "./create-enrollment-token";
import { bodyHash } from "./device-jwt";

const BASE = "https://console.test";
let testDb: TestDatabase;
let orgId: string;
const device = { id: "", key: generateEd25519() };

const facts = {
  hostname: "ws-1",
  machineId: "m-1",
  os: "NixOS",
  osVersion: "24.11",
  nixosVersion: "24.11",
  agentVersion: "t",
};
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

function signed(
  method: string,
  path: string,
  body = "",
  extra: Record<string, string> = {},
  claims: Record<string, unknown> = {},
): Request {
  const iat = Math.floor(Date.now() / 1000);
  const h = b64({ alg: "EdDSA", typ: "JWT", kid: device.id });
  const c = b64({
    sub: device.id,
    aud: "luminous-agent-api",
    iat,
    exp: iat + 60,
    jti: randomBytes(16).toString("base64url"),
    htm: method,
    htu: path,
    bh: bodyHash(body),
    ...claims,
  });
  const jwt = `${h}.${c}.${signEd25519(device.key.privateKeyPem, `${h}.${c}`)}`;
  return new Request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Device ${jwt}`, ...extra },
    body: method === "GET" ? undefined : body,
  });
}

const enrollReq = (body: unknown, ip = "10.0.0.1") =>
  new Request(`${BASE}/api/agent/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json", ...socketAddressHeaders(ip) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  orgId = (
    await testDb.prisma.org.create({ data: { name: "Limits", slug: `limits-${randomBytes(3).toString("hex")}` } })
  ).id;
  const t = await db().$transaction((tx) =>
    createEnrollmentToken(tx, orgId, {
      name: "t",
      expiresAt: new Date(Date.now() + 60_000),
      maxUses: null,
      groupId: null,
      createdById: null,
    }),
  );
  const res = await enrollPOST(enrollReq({ token: t.token, publicKey: device.key.publicKey, facts }));
  expect(res.status).toBe(201);
  device.id = ((await res.json()) as { deviceId: string }).deviceId;
});

afterAll(async () => {
  await db().$disconnect();
  await testDb?.drop();
});

describe("agent API boundaries", () => {
  it("names the failing fields (422) and refuses bodies over 256 KiB (413)", async () => {
    const bad = await enrollPOST(enrollReq({ token: "x", publicKey: "short", facts: { machineId: "m" } }, "10.0.0.2"));
    expect(bad.status).toBe(422);
    const fields = ((await bad.json()) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(["publicKey", "facts.hostname"]));

    const big = JSON.stringify({ facts, appliedPolicyVersion: 1, lastError: "x".repeat(300 * 1024) });
    expect(
      (await heartbeatPOST(signed("POST", "/api/agent/v1/heartbeat", big, { "content-type": "application/json" })))
        .status,
    ).toBe(413);
    const hb = await heartbeatPOST(
      signed(
        "POST",
        "/api/agent/v1/heartbeat",
        JSON.stringify({ facts: { ...facts, hostname: "" }, appliedPolicyVersion: 1 }),
      ),
    );
    expect(hb.status).toBe(422);
    expect(JSON.stringify(await hb.json())).toContain("facts.hostname");
  });

  it("refuses a body nested past the shared limit with a 422 naming the field (enrollment and device routes)", async () => {
    const deep = `${"[".repeat(1500)}${"]".repeat(1500)}`;
    const hb = await heartbeatPOST(
      signed(
        "POST",
        "/api/agent/v1/heartbeat",
        `{"facts":${JSON.stringify(facts).replace(/}$/, `,"x":${deep}}`)},"appliedPolicyVersion":1}`,
      ),
    );
    expect(hb.status).toBe(422);
    expect(((await hb.json()) as { error: { fields: unknown } }).error.fields).toEqual([
      { path: expect.stringMatching(/^facts\.x\.0\.0/), message: "nests deeper than 64 levels" },
    ]);
    const en = await enrollPOST(enrollReq(`{"token":"x","facts":${deep}}`, "10.0.0.3"));
    expect(en.status).toBe(422);
    expect(JSON.stringify(await en.json())).toMatch(/facts\.0\.0.*nests deeper than 64 levels/);
  });

  it("rate-limits enrollment per client IP (429 with Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await enrollPOST(enrollReq({ token: "lnxe_nope", publicKey: "x", facts }, "10.9.9.9"))).status);
    expect(statuses.slice(0, 20).every((s) => s === 422)).toBe(true);
    const limited = await enrollPOST(enrollReq({ token: "lnxe_nope", publicKey: "x", facts }, "10.9.9.9"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await enrollPOST(enrollReq({ token: "lnxe_nope", publicKey: "x", facts }, "10.9.9.10"))).status).toBe(422);
  });

  it("authenticates devices: missing, expired, over-long and wrong-path tokens are 401 with a reason", async () => {
    const reason = async (r: Response) => ({
      status: r.status,
      reason: ((await r.json()) as { error: { reason: string } }).error.reason,
    });
    expect(await reason(await policyGET(new Request(`${BASE}/api/agent/v1/policy`)))).toEqual({
      status: 401,
      reason: "missing_credentials",
    });
    const old = Math.floor(Date.now() / 1000) - 300;
    expect(
      await reason(await policyGET(signed("GET", "/api/agent/v1/policy", "", {}, { iat: old, exp: old + 60 }))),
    ).toEqual({ status: 401, reason: "expired" });
    expect(
      await reason(
        await policyGET(signed("GET", "/api/agent/v1/policy", "", {}, { exp: Math.floor(Date.now() / 1000) + 3600 })),
      ),
    ).toEqual({ status: 401, reason: "lifetime_too_long" });
    expect(
      await reason(await policyGET(signed("GET", "/api/agent/v1/policy", "", {}, { htu: "/api/agent/v1/heartbeat" }))),
    ).toEqual({ status: 401, reason: "request_mismatch" });
  });

  it("serves 304 while nothing changed and a new version after a publish bumps the generation", async () => {
    const first = await policyGET(signed("GET", "/api/agent/v1/policy"));
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const v1 = ((await first.json()) as { bundle: { payload: { version: number } } }).bundle.payload.version;
    expect((await policyGET(signed("GET", "/api/agent/v1/policy", "", { "if-none-match": etag }))).status).toBe(304);
    // A generation bump with no effective change re-issues the same version.
    await db().$transaction((tx) => bumpPolicyGeneration(tx, orgId));
    const same = await policyGET(signed("GET", "/api/agent/v1/policy", "", { "if-none-match": etag }));
    expect(same.status).toBe(200);
    expect(((await same.json()) as { bundle: { payload: { version: number } } }).bundle.payload.version).toBe(v1);
    const etag2 = same.headers.get("etag")!;
    expect((await policyGET(signed("GET", "/api/agent/v1/policy", "", { "if-none-match": etag2 }))).status).toBe(304);
  });
});

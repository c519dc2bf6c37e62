import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateEd25519 } from "@luminous/crypto";
import { type SignedBundle, signBundle } from "@luminous/policy";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { agentSocketRequest } from "@luminous/testkit/agent-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as bundleRejectionsPOST } from "../../app/api/agent/v1/bundle-rejections/route";
import { POST as enrollPOST } from "../../app/api/agent/v1/enroll/route";
import { POST as heartbeatPOST } from "../../app/api/agent/v1/heartbeat/route";
import { GET as policyGET } from "../../app/api/agent/v1/policy/route";
import { db } from "../db";
import { resetEnvForTests } from "../env";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { rotateSigningKey } from "../signing-keys/rotate-signing-key";
import { createEnrollmentToken } from "./create-enrollment-token";
import { revokeDevice } from "./revoke-device";
import { revokeEnrollmentToken } from "./revoke-enrollment-token";
import { startAgentApiServer } from "./test-support/agent-api-server";
import { publishOrgPolicy as publishPolicy } from "./test-support/publish-org-policy";
import { makeTestPki } from "./test-support/tls";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../..");
const AGENT = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");

let testDb: TestDatabase;
let pki: ReturnType<typeof makeTestPki>;
let api: Awaited<ReturnType<typeof startAgentApiServer>>;
let orgId: string;
let groupId: string;
let work: string;
let stateDir: string;
let daemon: ChildProcess | null = null;
let daemonLog = "";
let deviceId: string;

const routes = {
  "POST /api/agent/v1/enroll": enrollPOST,
  "GET /api/agent/v1/policy": policyGET,
  "POST /api/agent/v1/heartbeat": heartbeatPOST,
  "POST /api/agent/v1/bundle-rejections": bundleRejectionsPOST,
};

function agent(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [AGENT, ...args],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n--- agent log ---\n${daemonLog}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = async () => JSON.parse((await agent(["status", "--json", "--state-dir", stateDir])).stdout);
const check = (action: string, ...pkgs: string[]) =>
  agent(["check", "--state-dir", stateDir, "--action", action, ...pkgs.flatMap((p) => ["--package", p])]);

async function newToken(opts: { maxUses?: number | null; expiresAt?: Date; group?: boolean } = {}) {
  return db().$transaction((tx) =>
    createEnrollmentToken(tx, orgId, {
      name: `t-${randomBytes(3).toString("hex")}`,
      expiresAt: opts.expiresAt ?? new Date(Date.now() + 3600_000),
      maxUses: opts.maxUses === undefined ? 1 : opts.maxUses,
      groupId: opts.group ? groupId : null,
      createdById: null,
    }),
  );
}

const publishOrgPolicy = (name: string, document: Record<string, unknown>) => publishPolicy(orgId, name, document);

const audits = (action: string) =>
  testDb.prisma.auditEvent.findMany({ where: { orgId, action }, orderBy: { serverSeq: "asc" } });

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, "apps/agent/build.mjs")], { stdio: "inherit" });
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    PUBLIC_URL: "https://console.test",
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  work = mkdtempSync(path.join(tmpdir(), "lagent-it-"));
  stateDir = path.join(work, "state");
  pki = makeTestPki(work);
  api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes });
  const org = await testDb.prisma.org.create({
    data: { name: "Acme", slug: `acme-${randomBytes(3).toString("hex")}` },
  });
  orgId = org.id;
  groupId = (await testDb.prisma.group.create({ data: { orgId, name: "developers" } })).id;
});

afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await api?.close();
  await db().$disconnect();
  await testDb?.drop();
});

describe("agent <-> console agent API over HTTPS", () => {
  it("refuses bad enrollment tokens with a reason, audited in the org once the secret is a real token's", async () => {
    const good = await newToken();
    const [secret, fp] = good.token.split(".") as [string, string];
    const unknown = `lnxe_${randomBytes(32).toString("base64url")}.${fp}`;
    const expired = await newToken();
    await testDb.prisma.enrollmentToken.update({
      where: { id: expired.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const revoked = await newToken();
    await db().$transaction((tx) => revokeEnrollmentToken(tx, orgId, revoked.id));
    const cases: [string, string][] = [
      [unknown, "unknown token"], // a guessed secret with this org's pin: logged, not in the org's trail
      [expired.token, "token expired"],
      [revoked.token, "token revoked"],
      [`${secret}.${generateEd25519().keyId}`, "fingerprint mismatch"], // a real secret with a foreign pin
      [`lnxe_${randomBytes(32).toString("base64url")}.${generateEd25519().keyId}`, "unknown token"], // no org to audit in: logged only
    ];
    for (const [token, reason] of cases) {
      const r = await agent([
        "enroll",
        "--server",
        api.origin,
        "--token",
        token,
        "--ca-file",
        pki.caFile,
        "--state-dir",
        path.join(work, "refused"),
      ]);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toContain(reason);
      expect(existsSync(path.join(work, "refused", "config.json"))).toBe(false);
    }
    const failures = await audits("device.enroll");
    expect(failures.map((e) => [e.outcome, (e.data as { reason: string }).reason])).toEqual([
      ["failure", "token_expired"],
      ["failure", "token_revoked"],
      ["failure", "fingerprint_mismatch"],
    ]);
  });

  it("refuses plain http to a non-loopback server and a server whose key does not match the token's pin", async () => {
    const t = await newToken();
    const http_ = await agent([
      "enroll",
      "--server",
      "http://console.example.com",
      "--token",
      t.token,
      "--state-dir",
      path.join(work, "x"),
    ]);
    expect(http_.code).not.toBe(0);
    expect(http_.stderr).toMatch(/loopback/);

    const impostor = generateEd25519();
    api.overrides.set("POST /api/agent/v1/enroll", async () =>
      Response.json(
        {
          deviceId: "d",
          orgId,
          signingKeys: [{ keyId: t.token.split(".")[1], publicKey: impostor.publicKey }],
          pollIntervalSeconds: 60,
        },
        { status: 201 },
      ),
    );
    try {
      const r = await agent([
        "enroll",
        "--server",
        api.origin,
        "--token",
        t.token,
        "--ca-file",
        pki.caFile,
        "--state-dir",
        path.join(work, "mitm"),
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/does not match the token's fingerprint/);
      expect(existsSync(path.join(work, "mitm", "config.json"))).toBe(false);
      expect(existsSync(path.join(work, "mitm", "device.key"))).toBe(false);
    } finally {
      api.overrides.delete("POST /api/agent/v1/enroll");
    }
    // Without the test CA the server certificate is not trusted at all.
    const noCa = await agent([
      "enroll",
      "--server",
      api.origin,
      "--token",
      t.token,
      "--state-dir",
      path.join(work, "noca"),
    ]);
    expect(noCa.code).not.toBe(0);
    expect(noCa.stderr).toMatch(/certificate/i);
  });

  it("enrolls: key made locally (0600), device in the token's group, first bundle applied, token used up", async () => {
    const t = await newToken({ maxUses: 1, group: true });
    const r = await agent([
      "enroll",
      "--server",
      api.origin,
      "--token",
      t.token,
      "--ca-file",
      pki.caFile,
      "--state-dir",
      stateDir,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/enrolled as device/);
    expect(statSync(path.join(stateDir, "device.key")).mode & 0o777).toBe(0o600);
    const s = await status();
    deviceId = s.deviceId;
    const device = await testDb.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device).toMatchObject({ orgId, groupId, bundleVersion: 1 });
    expect(readFileSync(path.join(stateDir, "device.key"), "utf8")).not.toContain(device.publicKey);
    expect(s).toMatchObject({ enrolled: true, policyVersion: 1, revoked: false, pinnedKeyId: t.token.split(".")[1] });
    const ok = (await audits("device.enroll")).filter((e) => e.outcome === "success");
    expect(ok).toHaveLength(1);
    expect(ok[0]!.targetId).toBe(deviceId);

    const again = await agent([
      "enroll",
      "--server",
      api.origin,
      "--token",
      t.token,
      "--ca-file",
      pki.caFile,
      "--state-dir",
      path.join(work, "second"),
      "--force",
    ]);
    expect(again.stderr).toContain("token used up");
    expect(await testDb.prisma.device.count({ where: { orgId } })).toBe(1);
  });

  it("check answers from the default policy with the documented exit codes", async () => {
    expect((await check("install_package", "docker")).code).toBe(0);
    const deny = await check("format_disk");
    expect(deny.code).toBe(1);
    expect(deny.stdout).toContain("commands.blacklist");
    expect((await check("system_upgrade")).code).toBe(2);
    expect((await check("modify_firewall")).code).toBe(3);
  });

  it("the daemon picks up a published policy within one poll, then polls are 304s", async () => {
    daemon = spawn(process.execPath, [AGENT, "run", "--state-dir", stateDir, "--interval", "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    daemon.stderr?.on("data", (d) => {
      daemonLog += d;
    });
    await waitFor("socket", () => existsSync(path.join(stateDir, "agent.sock")));
    await publishOrgPolicy("baseline", {
      packages: { allow: [], deny: ["docker*"] },
      commands: { require_approval: [] },
    });
    await waitFor("policy v2", async () => (await status()).policyVersion === 2);
    const r = await check("install_package", "docker");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("packages.deny:docker*");
    expect((await check("system_upgrade")).code).toBe(0);

    const mark = api.seen.length;
    await waitFor(
      "two 304s",
      () => api.seen.slice(mark).filter((s) => s.path.endsWith("/policy") && s.status === 304).length >= 2,
    );
    expect(api.seen.slice(mark).filter((s) => s.path.endsWith("/policy") && s.status === 200)).toHaveLength(0);

    const viaSocket = await socketCheck({ action: "install_package", packages: ["docker"] });
    expect(viaSocket).toMatchObject({ decision: "deny", rule: "packages.deny:docker*", exitCode: 1, policyVersion: 2 });
    const device = await testDb.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
    expect(device.appliedPolicyVersion).toBe(2);
    expect(device.lastSeenAt!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });

  it("refuses doctored bundles (tampered, other key, rollback, expired), keeps the last good one and reports each", async () => {
    const orgKey = (await activeSigningKey(orgId))!;
    const now = Date.now();
    const policy = (JSON.parse(readFileSync(path.join(stateDir, "bundle.json"), "utf8")).bundle as SignedBundle).payload
      .policy;
    const loose: SignedBundle["payload"]["policy"] = { ...policy, packages: { allow: [], deny: [] } };
    const base = {
      orgId,
      deviceId,
      policy: loose,
      version: 3,
      issuedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + 86_400_000).toISOString(),
    };
    const tampered = signBundle(base, orgKey);
    tampered.payload.policy = {
      ...tampered.payload.policy,
      commands: { ...tampered.payload.policy.commands, blacklist: [] },
    };
    const other = generateEd25519();
    const cases: [string, SignedBundle][] = [
      ["bad_signature", tampered],
      ["unknown_key", signBundle(base, { keyId: other.keyId, privateKeyPem: other.privateKeyPem })],
      ["rollback", signBundle({ ...base, version: 1 }, orgKey)],
      [
        "expired",
        signBundle(
          {
            ...base,
            issuedAt: new Date(now - 8 * 86_400_000).toISOString(),
            expiresAt: new Date(now - 86_400_000).toISOString(),
          },
          orgKey,
        ),
      ],
    ];
    for (const [reason, bundle] of cases) {
      api.overrides.set("GET /api/agent/v1/policy", async () =>
        Response.json({ bundle }, { headers: { etag: `"doctored-${reason}"` } }),
      );
      const device = await waitFor(`rejection ${reason}`, async () => {
        const d = await testDb.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
        return d.lastBundleError?.startsWith(`${reason}:`) ? d : null;
      });
      expect(device.lastBundleError).toContain(reason);
      const r = await check("install_package", "docker");
      expect(r.code, `${reason}: still enforcing v2`).toBe(1);
      expect((await status()).policyVersion).toBe(2);
    }
    api.overrides.delete("GET /api/agent/v1/policy");
    const events = await audits("device.bundle.rejected");
    expect(events.map((e) => (e.data as { reason: string }).reason)).toEqual([
      "bad_signature",
      "unknown_key",
      "rollback",
      "expired",
    ]);
    expect((await status()).lastRejection.reason).toBe("expired");
  });

  it("rotates the signing key: announced in a bundle signed by the old key, then bundles signed by the new one", async () => {
    const oldKey = (await activeSigningKey(orgId))!.keyId;
    const rotated = await db().$transaction((tx) => rotateSigningKey(tx, orgId));
    await waitFor("new key trusted and used", async () => {
      const d = await testDb.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
      const b = JSON.parse(readFileSync(path.join(stateDir, "bundle.json"), "utf8")).bundle as SignedBundle;
      return d.bundleKeyId === rotated.keyId && b.payload.keyId === rotated.keyId;
    });
    const s = await status();
    expect(s.trustedKeyIds.sort()).toEqual([oldKey, rotated.keyId].sort());
    expect(s.policyVersion).toBe(2); // same policy, same version: only the signature changed
    expect((await check("install_package", "docker")).code).toBe(1);
  });

  it("refuses a replayed signed request, audited", async () => {
    const captured = [...api.seen].reverse().find((s) => s.path === "/api/agent/v1/heartbeat" && s.status === 200)!;
    const res = await rawRequest("POST", captured.path, captured.body, {
      authorization: captured.headers.authorization!,
      "content-type": "application/json",
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.reason).toBe("replay");
    const forged = await rawRequest(
      "POST",
      captured.path,
      captured.body.replace('"appliedPolicyVersion":2', '"appliedPolicyVersion":1'),
      {
        authorization: captured.headers.authorization!,
      },
    );
    expect(JSON.parse(forged.body).error.reason).toBe("request_mismatch");
    const denied = await audits("device.request");
    expect(denied.some((e) => (e.data as { reason: string }).reason === "replay")).toBe(true);
  });

  it("keeps answering while the console is down and recovers when it is back", async () => {
    const port = Number(new URL(api.origin).port);
    await api.close();
    await waitFor("sync failure recorded", async () =>
      /ECONNREFUSED|socket hang up|connect/i.test((await status()).lastError ?? ""),
    );
    const r = await check("install_package", "docker");
    expect(r.code).toBe(1);
    expect(await socketCheck({ action: "system_upgrade" })).toMatchObject({ decision: "allow" });
    api = await startAgentApiServer({ key: pki.key, cert: pki.cert, routes, port });
    await waitFor("recovered", async () => (await status()).lastError === null, 20_000);
  });

  it("a revoked device is refused (audited), records it, and keeps enforcing its last bundle", async () => {
    await db().$transaction((tx) => revokeDevice(tx, orgId, deviceId, { actor: { type: "system", label: "test" } }));
    await waitFor("revoked", async () => (await status()).revoked === true);
    expect(daemonLog).toMatch(/revoked this device/);
    const denied = await audits("device.request");
    expect(denied.some((e) => (e.data as { reason: string }).reason === "device_revoked")).toBe(true);
    expect((await check("install_package", "docker")).code).toBe(1);
    expect((await check("show_info")).code).toBe(0);
  });

  it("shuts down cleanly on SIGTERM and removes its socket", async () => {
    const exited = new Promise<number | null>((resolve) => daemon!.on("exit", (code) => resolve(code)));
    daemon!.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(path.join(stateDir, "agent.sock"))).toBe(false);
  });
});

async function socketCheck(body: unknown): Promise<Record<string, unknown>> {
  return (await agentSocketRequest(path.join(stateDir, "agent.sock"), "POST", "/v1/check", body)).body as Record<
    string,
    unknown
  >;
}

function rawRequest(
  method: string,
  p: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(api.origin);
    const req = https.request(
      { hostname: u.hostname, port: u.port, path: p, method, headers, ca: readFileSync(pki.caFile) },
      (res) => {
        let t = "";
        res.on("data", (c) => {
          t += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: t }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

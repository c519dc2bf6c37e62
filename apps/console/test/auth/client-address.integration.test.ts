/**
 * Which address a request is from, through a real server of ours (the standalone agent API,
 * scripts/agent-api.ts, which stamps the socket address the same way scripts/start.mjs does):
 * a direct client cannot choose its address with X-Forwarded-For; behind a trusted proxy the
 * right-most untrusted hop is the client.
 */
import type { ChildProcess } from "node:child_process";
import { generateEd25519 } from "@luminous/crypto";
import { afterEach, describe, expect, it } from "vitest";
import { AGENT_API } from "@/server/agent/constants";
import { createEnrollmentToken } from "@/server/agent/create-enrollment-token";
import { SOCKET_ADDRESS_HEADER } from "@/server/http/client-address";
import { freePort, killAgentApi, spawnAgentApi, startAgentApi as startService } from "../agent-api-process";
import { makeOrg, setupTestDatabase } from "../harness";

const t = setupTestDatabase();
let proc: ChildProcess | undefined;
afterEach(() => {
  killAgentApi(proc);
  proc = undefined;
});

async function startAgentApi(extraEnv: Record<string, string> = {}): Promise<string> {
  const started = await startService({ AGENT_API_WORKERS: "1", LOG_LEVEL: "error", ...extraEnv });
  proc = started.proc;
  return started.base;
}

async function enrollmentToken(orgId: string) {
  const { token } = await t.db.prisma.$transaction((tx) =>
    createEnrollmentToken(tx as never, orgId, {
      name: "addr",
      expiresAt: new Date(Date.now() + 600_000),
      maxUses: null,
      groupId: null,
      createdById: null,
    }),
  );
  return token;
}

const enroll = (base: string, token: string, headers: Record<string, string>) =>
  fetch(`${base}/api/agent/v1/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      token,
      publicKey: generateEd25519().publicKey,
      facts: {
        hostname: "ws",
        machineId: `m-${Math.random()}`,
        os: "NixOS",
        osVersion: "24.11",
        nixosVersion: "24.11",
        agentVersion: "t",
      },
    }),
  });

const enrolledFrom = async (orgId: string) =>
  (
    await t.db.prisma.auditEvent.findMany({
      where: { orgId, action: "device.enroll", outcome: "success" },
      orderBy: { ts: "asc" },
    })
  ).map((e) => e.ip);

describe("client address", () => {
  it("ignores X-Forwarded-For and a forged socket header from a direct client", async () => {
    const org = await makeOrg("addr-direct");
    const base = await startAgentApi();
    const token = await enrollmentToken(org.orgId);
    const r = await enroll(base, token, {
      "x-forwarded-for": "198.51.100.66",
      "x-real-ip": "198.51.100.67",
      [SOCKET_ADDRESS_HEADER]: "guess 198.51.100.68",
    });
    expect(r.status).toBe(201);
    expect(await enrolledFrom(org.orgId)).toEqual(["127.0.0.1"]);

    // A new X-Forwarded-For on each attempt does not reset the per-address enrollment limit.
    const statuses: number[] = [];
    for (let i = 0; i <= AGENT_API.enrollRateLimit.limit; i++) {
      const bad = await enroll(base, "lnxe_nope", { "x-forwarded-for": `192.0.2.${i + 1}` });
      statuses.push(bad.status);
    }
    expect(statuses).toContain(429);
  });

  it("believes X-Forwarded-For from a trusted proxy, taking the right-most untrusted hop", async () => {
    const org = await makeOrg("addr-proxy");
    await t.db.prisma.rateLimit.deleteMany(); // the test above spent 127.0.0.1's enrollment budget
    const base = await startAgentApi({ TRUSTED_PROXIES: "127.0.0.1, 10.0.0.0/8" });
    const token = await enrollmentToken(org.orgId);
    // The client claimed 198.51.100.1 itself; the proxy at 10.1.1.1 saw it at 203.0.113.50.
    expect((await enroll(base, token, { "x-forwarded-for": "198.51.100.1, 203.0.113.50, 10.1.1.1" })).status).toBe(201);
    // No header: the proxy itself is the client.
    expect((await enroll(base, token, {})).status).toBe(201);
    expect(await enrolledFrom(org.orgId)).toEqual(["203.0.113.50", "127.0.0.1"]);
  });

  it("refuses to start with a TRUSTED_PROXIES entry that is not an address or range", async () => {
    const port = await freePort();
    const child = spawnAgentApi(
      { AGENT_API_PORT: String(port), AGENT_API_WORKERS: "1", TRUSTED_PROXIES: "10.0.0.0/8, proxy.lan" },
      ["ignore", "ignore", "pipe"],
    );
    let err = "";
    child.stderr!.on("data", (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(err).toMatch(/TRUSTED_PROXIES: "proxy\.lan" is not an IP address/);
  });
});

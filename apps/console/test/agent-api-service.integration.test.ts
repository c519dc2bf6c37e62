/**
 * The standalone agent API service (scripts/agent-api.ts) serves the same handlers as the console:
 * a real process with two workers, a device polling its signed bundle, the 304 path, replay refusal,
 * /metrics summed over both workers (checked by promtool), and a clean stop on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { generateEd25519 } from "@luminous/crypto";
import { verifyBundle } from "@luminous/policy";
import { afterAll, describe, expect, it } from "vitest";
import { createDeviceJwt } from "../../agent/src/device-jwt";
import { makeOrg, setupTestDatabase } from "./harness";

const t = setupTestDatabase();
let proc: ChildProcess | undefined;

// tsx runs the script in a child process of its own: SIGKILL to tsx alone would leave the
// service running after the tests, so the whole process group (spawned detached) is killed.
afterAll(() => {
  if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
    try {
      process.kill(-proc.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  proc = undefined;
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe("standalone agent API service", () => {
  it("serves signed bundles with 304s, refuses replays, and stops cleanly", async () => {
    const org = await makeOrg("agentapi");
    const key = generateEd25519();
    const device = await t.db.prisma.device.create({
      data: { orgId: org.orgId, hostname: "ws-1", machineId: "m-1", publicKey: key.publicKey },
    });
    const signing = await t.db.prisma.signingKey.findFirstOrThrow({ where: { orgId: org.orgId, state: "active" } });
    const port = await freePort();
    const root = path.resolve(import.meta.dirname, "../../..");
    proc = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "apps/console/scripts/agent-api.ts")], {
      env: {
        ...process.env,
        AGENT_API_PORT: String(port),
        AGENT_API_WORKERS: "2",
        LOG_LEVEL: "error",
        METRICS_TOKEN: "agent-api-metrics-token",
      },
      stdio: "ignore",
      detached: true,
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = () =>
      `Device ${createDeviceJwt(key.privateKeyPem, device.id, { method: "GET", path: "/api/agent/v1/policy", body: "" })}`;

    const first = await fetch(`${base}/api/agent/v1/policy`, { headers: { authorization: token() } });
    expect(first.status).toBe(200);
    const { bundle } = await first.json();
    const verified = verifyBundle(bundle, { trustedKeys: { [signing.keyId]: signing.publicKey } });
    expect(verified.ok).toBe(true);
    const etag = first.headers.get("etag")!;

    const again = token();
    const second = await fetch(`${base}/api/agent/v1/policy`, {
      headers: { authorization: again, "if-none-match": etag },
    });
    expect(second.status).toBe(304);
    const replay = await fetch(`${base}/api/agent/v1/policy`, {
      headers: { authorization: again, "if-none-match": etag },
    });
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.reason).toBe("replay");

    expect((await fetch(`${base}/api/v1/users`)).status).toBe(404);

    // Whichever worker takes the scrape reports both workers' counts.
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const scraped = await fetch(`${base}/metrics`, { headers: { authorization: "Bearer agent-api-metrics-token" } });
    expect(scraped.status).toBe(200);
    const text = await scraped.text();
    expect(text).toMatch(/^luminous_agent_policy_polls_total\{result="bundle"\} 1$/m);
    expect(text).toMatch(/^luminous_agent_policy_polls_total\{result="not_modified"\} 1$/m);
    expect(text).toMatch(
      /^luminous_http_requests_total\{route="\/api\/agent\/v1\/policy",method="GET",status="401"\} 1$/m,
    );
    expect(text).not.toContain("luminous_devices"); // the fleet gauges come from the console and the worker
    const promtool = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(promtool.error).toBeUndefined();
    expect(promtool.stdout + promtool.stderr).toBe("");

    const exited = new Promise<number | null>((resolve) => proc!.once("exit", (code) => resolve(code)));
    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

/**
 * The standalone agent API service (scripts/agent-api.ts) serves the same handlers as the console:
 * a real process with two workers, a device polling its signed bundle, the 304 path, replay refusal,
 * /metrics summed over both workers (checked by promtool), and a clean stop on SIGTERM.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { generateEd25519 } from "@luminous/crypto";
import { verifyBundle } from "@luminous/policy";
import { afterAll, describe, expect, it } from "vitest";
import { createDeviceJwt } from "../../agent/src/device-jwt";
import { killAgentApi, startAgentApi } from "./agent-api-process";
import { makeOrg, setupTestDatabase } from "./harness";

const t = setupTestDatabase();
let proc: ChildProcess | undefined;

afterAll(() => killAgentApi(proc));

describe("standalone agent API service", () => {
  it("serves signed bundles with 304s, refuses replays, and stops cleanly", async () => {
    const org = await makeOrg("agentapi");
    const key = generateEd25519();
    const device = await t.db.prisma.device.create({
      data: { orgId: org.orgId, hostname: "ws-1", machineId: "m-1", publicKey: key.publicKey },
    });
    const signing = await t.db.prisma.signingKey.findFirstOrThrow({ where: { orgId: org.orgId, state: "active" } });
    const started = await startAgentApi({
      AGENT_API_WORKERS: "2",
      LOG_LEVEL: "error",
      METRICS_TOKEN: "agent-api-metrics-token",
    });
    proc = started.proc;
    const base = started.base;
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

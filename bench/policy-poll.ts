/**
 * Policy-poll benchmark (issue: agents polling their signed bundle).
 *
 * Runs the built console (next start through apps/console/scripts/start.mjs) on loopback against
 * a fresh database with one org, a published policy and DEVICES enrolled devices, and drives it
 * from CONCURRENCY simulated agents, each request carrying a fresh EdDSA device token exactly as
 * luminous-agent sends it. Measured in the same run:
 *   baseline  a bare node:http server answering a static body (same client, same tokens)
 *   304 path  unchanged policy: If-None-Match hits, 304
 *   changed   the org's policy changed: every device's next poll compiles, signs and returns 200
 *   check     the agent's decision latency over its unix socket (p50/p99) and as a CLI process,
 *             against `node -e 0` as the CLI baseline
 * Usage: npm run bench:policy  (env DEVICES, CONCURRENCY, SECONDS)
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { generateEd25519 } from "@luminous/crypto";
import { createTestDatabase } from "@luminous/testkit";
import { createDeviceJwt } from "../apps/agent/src/device-jwt";
import { buildConsole, buildIsStale, freePort, startConsole } from "../scripts/lib/console.mjs";

const DEVICES = Number(process.env.DEVICES ?? 200);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 8);
const root = path.resolve(import.meta.dirname, "..");
const say = (s: string) => process.stdout.write(`${s}\n`);

interface Dev {
  id: string;
  key: string;
  etag?: string;
}

function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/**
 * Each simulated agent's requests are signed before the clock starts (tokens live 60 s, each with
 * its own jti), so the figure is the server's, not the load generator's Ed25519 signing.
 */
function presign(devices: Dev[], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const d = devices[i % devices.length]!;
    out.push(`Device ${createDeviceJwt(d.key, d.id, { method: "GET", path: "/api/agent/v1/policy", body: "" })}`);
  }
  return out;
}

async function load(url: string, devices: Dev[], seconds: number, useEtag: boolean, budget = 40_000) {
  const baseline = !useEtag;
  const tokens = presign(devices, budget);
  const end = Date.now() + seconds * 1000;
  let ok = 0;
  let notModified = 0;
  let errors = 0;
  let next = 0;
  const lat: number[] = [];
  async function worker() {
    while (Date.now() < end && next < tokens.length) {
      const i = next++;
      const d = devices[i % devices.length]!;
      const headers: Record<string, string> = { authorization: tokens[i]! };
      if (useEtag && d.etag) headers["if-none-match"] = d.etag;
      const t0 = performance.now();
      try {
        const r = await fetch(`${url}/api/agent/v1/policy`, { headers });
        await r.arrayBuffer();
        lat.push(performance.now() - t0);
        if (r.status === 304) notModified++;
        else if (r.status === 200) {
          ok++;
          if (!baseline) d.etag = r.headers.get("etag") ?? d.etag;
        } else errors++;
      } catch {
        errors++;
      }
    }
  }
  const t = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (performance.now() - t) / 1000;
  if (next >= tokens.length) say(`  (all ${tokens.length} pre-signed requests used before ${seconds}s)`);
  return {
    rps: (ok + notModified) / secs,
    ok,
    notModified,
    errors,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
  };
}

function startBareServer(body: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json", etag: '"static"' }).end(body);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    }),
  );
}

async function main() {
  say(
    `policy-poll benchmark: ${DEVICES} devices, ${CONCURRENCY} concurrent agents, ${SECONDS}s per phase, ${os.cpus().length} cores`,
  );
  const tdb = await createTestDatabase();
  const env = {
    DATABASE_URL: tdb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
  };
  Object.assign(process.env, env, { PUBLIC_URL: "http://127.0.0.1" });
  let consoleProc: { stop: () => Promise<void>; url: string } | undefined;
  let agentDaemon: ChildProcess | undefined;
  let standalone: ChildProcess | undefined;
  try {
    const { createOrgWithOwner } = await import("../apps/console/src/server/seed/create-org");
    const { bumpPolicyGeneration } = await import("../apps/console/src/server/effective-policy/bump-policy-generation");
    const { defaultPolicy } = await import("@luminous/policy");
    const { db } = await import("../apps/console/src/server/db");
    const { org } = await createOrgWithOwner({
      name: "Bench",
      slug: "bench",
      owner: { email: "owner@bench.test", name: "Owner", password: randomBytes(12).toString("hex") },
    });
    const baseline = await db().policy.create({ data: { orgId: org.id, name: "baseline" } });
    await db().policyAssignment.create({ data: { orgId: org.id, policyId: baseline.id, scope: "org" } });
    let versions = 0;
    const publish = async (blacklistDelete: boolean) => {
      const policy = defaultPolicy();
      if (blacklistDelete && !policy.commands.blacklist.includes("delete_files"))
        policy.commands.blacklist.push("delete_files");
      const number = ++versions;
      await db().$transaction(async (tx) => {
        await tx.policyVersion.create({
          data: {
            orgId: org.id,
            policyId: baseline.id,
            number,
            document: policy as object,
            source: JSON.stringify(policy),
            contentHash: String(number),
            authorLabel: "bench",
            publishedAt: new Date(),
          },
        });
        await bumpPolicyGeneration(tx, org.id);
      });
    };
    await publish(false);
    const devices: Dev[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const k = generateEd25519();
      const d = await db().device.create({
        data: { orgId: org.id, hostname: `ws-${i}`, machineId: `m-${i}`, publicKey: k.publicKey },
      });
      devices.push({ id: d.id, key: k.privateKeyPem });
    }

    // Polls carry the org's latest signed audit checkpoints (x-luminous-checkpoints): sign one
    // of each lane that has events, as the worker would, so the measured answers include them.
    const { writeCheckpoint } = await import("../apps/console/src/server/audit/write-checkpoint");
    const signed = await writeCheckpoint(org.id);
    say(`audit checkpoints signed for ${signed.lanes.length} lane(s): every poll answer carries them`);

    if (buildIsStale()) {
      say("building the console (next build)…");
      await buildConsole(env);
    }
    const port = await freePort();
    consoleProc = await startConsole({
      port,
      env: { ...env, PUBLIC_URL: `http://127.0.0.1:${port}` },
      logFile: path.join(os.tmpdir(), "bench-console.log"),
    });
    say(`console up on ${consoleProc.url}`);

    // First poll of every device: issues each one its bundle (and warms the server).
    const first = await load(consoleProc.url, devices, 3, true, devices.length * 3);
    const sample = await fetch(`${consoleProc.url}/api/agent/v1/policy`, {
      headers: {
        authorization: `Device ${createDeviceJwt(devices[0]!.key, devices[0]!.id, { method: "GET", path: "/api/agent/v1/policy", body: "" })}`,
      },
    }).then((r) => r.text());
    say(
      `warm-up: ${first.ok} bundles issued, ${first.notModified} 304s, ${first.errors} errors; bundle ${sample.length} bytes`,
    );

    const bare = await startBareServer(sample);
    const base = await load(bare.url, devices, SECONDS, false);
    bare.close();
    say(
      `baseline (bare node:http, static body): ${base.rps.toFixed(0)} req/s, p50 ${base.p50.toFixed(2)} ms, p99 ${base.p99.toFixed(2)} ms`,
    );

    const hot = await load(consoleProc.url, devices, SECONDS, true);
    say(
      `304 path: ${hot.rps.toFixed(0)} polls/s (${hot.notModified} x 304, ${hot.ok} x 200, ${hot.errors} errors), p50 ${hot.p50.toFixed(2)} ms, p99 ${hot.p99.toFixed(2)} ms, ratio ${(hot.rps / base.rps).toFixed(3)}`,
    );

    // The same handlers as a standalone agent API service (scripts/agent-api.ts), one worker per core.
    const apiPort = await freePort();
    standalone = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "apps/console/scripts/agent-api.ts")],
      {
        env: { ...process.env, ...env, PUBLIC_URL: `http://127.0.0.1:${apiPort}`, AGENT_API_PORT: String(apiPort) },
        stdio: "ignore",
      },
    );
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${apiUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await load(apiUrl, devices, 2, true, 2000);
    const lean = await load(apiUrl, devices, SECONDS, true);
    say(
      `304 path, standalone agent API: ${lean.rps.toFixed(0)} polls/s (${lean.notModified} x 304, ${lean.ok} x 200, ${lean.errors} errors), p50 ${lean.p50.toFixed(2)} ms, p99 ${lean.p99.toFixed(2)} ms, ratio ${(lean.rps / base.rps).toFixed(3)}`,
    );

    // Changed path: bump the policy, then every device polls once and gets a freshly compiled, signed bundle.
    const changedRates: number[] = [];
    for (let round = 0; round < 3; round++) {
      await publish(round % 2 === 0);
      const t0 = performance.now();
      let next = 0;
      let fresh = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < devices.length) {
            const d = devices[next++]!;
            const r = await fetch(`${consoleProc!.url}/api/agent/v1/policy`, {
              headers: {
                authorization: `Device ${createDeviceJwt(d.key, d.id, { method: "GET", path: "/api/agent/v1/policy", body: "" })}`,
                ...(d.etag ? { "if-none-match": d.etag } : {}),
              },
            });
            await r.arrayBuffer();
            if (r.status === 200) {
              fresh++;
              d.etag = r.headers.get("etag") ?? d.etag;
            }
          }
        }),
      );
      changedRates.push(fresh / ((performance.now() - t0) / 1000));
      if (fresh !== devices.length) say(`  round ${round}: only ${fresh}/${devices.length} got a new bundle`);
    }
    const changed = percentile(changedRates, 50);
    say(
      `changed-policy path: ${changed.toFixed(0)} polls/s (median of 3 rounds of ${devices.length} recompiles), ratio ${(changed / base.rps).toFixed(3)}`,
    );

    // check latency: enroll a real agent, sync once, then time the socket API and the CLI.
    const agentBin = path.join(root, "apps/agent/dist/luminous-agent.mjs");
    if (!fs.existsSync(agentBin))
      spawnSync("npm", ["run", "build", "-w", "@luminous/agent"], { cwd: root, stdio: "ignore" });
    const { createEnrollmentToken } = await import("../apps/console/src/server/agent/create-enrollment-token");
    const { token } = await db().$transaction((tx) =>
      createEnrollmentToken(tx, org.id, {
        name: "bench",
        expiresAt: new Date(Date.now() + 3600_000),
        maxUses: 1,
        groupId: null,
        createdById: null,
      }),
    );
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lna-bench-"));
    const agentEnv = { ...process.env, LUMINOUS_AGENT_STATE_DIR: stateDir };
    const en = spawnSync(process.execPath, [agentBin, "enroll", "--server", consoleProc.url, "--token", token], {
      env: agentEnv,
      encoding: "utf8",
    });
    if (en.status !== 0) throw new Error(`enroll failed: ${en.stderr}`);
    // The daemon syncs at start; a long poll and push interval keeps its periodic network work (signing,
    // gzip of spooled decisions) out of the latency window, as between polls in production.
    agentDaemon = spawn(process.execPath, [agentBin, "run", "--interval", "60", "--push-interval", "60"], {
      env: agentEnv,
      stdio: "ignore",
    });
    const sock = path.join(stateDir, "agent.sock");
    for (let i = 0; i < 100 && !fs.existsSync(path.join(stateDir, "bundle.json")); i++)
      await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 200));
    const socketLat: number[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            socketPath: sock,
            path: "/v1/check",
            method: "POST",
            agent,
            headers: { "content-type": "application/json" },
          },
          (res) => {
            res.resume();
            res.on("end", () => resolve());
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ action: "install_package", packages: ["docker"], user: "alice" }));
      });
      socketLat.push(performance.now() - t0);
    }
    agent.destroy();
    const cli = (args: string[]) => {
      const xs: number[] = [];
      for (let i = 0; i < 25; i++) {
        const t0 = performance.now();
        spawnSync(process.execPath, args, { env: agentEnv, stdio: "ignore" });
        xs.push(performance.now() - t0);
      }
      return xs;
    };
    const nodeBase = cli(["-e", "0"]);
    const checkCli = cli([agentBin, "check", "--action", "install_package", "--package", "docker"]);
    say(
      `check over the socket: p50 ${percentile(socketLat, 50).toFixed(2)} ms, p99 ${percentile(socketLat, 99).toFixed(2)} ms (2000 requests)`,
    );
    say(
      `check as a CLI process: median ${percentile(checkCli, 50).toFixed(0)} ms; bare \`node -e 0\`: ${percentile(nodeBase, 50).toFixed(0)} ms; ratio ${(percentile(checkCli, 50) / percentile(nodeBase, 50)).toFixed(2)}`,
    );
    const result = {
      at: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
      params: { DEVICES, CONCURRENCY, SECONDS },
      baseline: base,
      notModified: hot,
      notModifiedStandalone: lean,
      changedPerSecond: changed,
      socketCheck: { p50: percentile(socketLat, 50), p99: percentile(socketLat, 99) },
      cliCheck: { median: percentile(checkCli, 50), nodeBaseline: percentile(nodeBase, 50) },
    };
    fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(root, "bench/results/policy-poll.json"), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    agentDaemon?.kill("SIGTERM");
    standalone?.kill("SIGTERM");
    const { db } = await import("../apps/console/src/server/db");
    await db().$disconnect();
    await consoleProc?.stop();
    await tdb.drop();
  }
}

await main();
process.exit(0);

/**
 * Simulated agents for the benchmarks: realistic ask-nix events, chained and gzipped per device,
 * posted to POST /api/agent/v1/events with a fresh EdDSA device token per request.
 */
import http from "node:http";
import { gzipSync } from "node:zlib";
import { appendToChain, type ChainLink, type TEventInput } from "@luminous/audit";
import { createDeviceJwt } from "../../apps/agent/src/device-jwt";

export interface LoadShape {
  batches: number;
  batch: number;
  concurrency: number;
}

const PACKAGES = ["docker", "nginx", "postgresql", "firefox", "vim", "nodejs", "python3", "git", "htop", "curl"];
const USERS = Array.from({ length: 50 }, (_, i) => `user${i}`);

function event(i: number, d: number, total: number): TEventInput {
  const pkg = PACKAGES[(i + d) % PACKAGES.length]!;
  const user = USERS[(i * 7 + d) % USERS.length]!;
  const ts = new Date(Date.now() - (total - i) * 1000).toISOString();
  switch (i % 4) {
    case 0:
      return {
        ts,
        type: "command_received",
        user,
        sessionId: `s-${d}-${i >> 4}`,
        command: `ask-nix install ${pkg} and enable it`,
      };
    case 1:
      return {
        ts,
        type: "policy_decision",
        user,
        intent: { action: "install_package", packages: [pkg] },
        decision: {
          decision: i % 12 === 1 ? "deny" : "allow",
          rule: `packages.allow:${pkg}`,
          reason: "matched the org policy",
        },
      };
    case 2:
      return {
        ts,
        type: "execution_started",
        user,
        intent: { action: "install_package", packages: [pkg] },
        command: `nix profile install nixpkgs#${pkg}`,
      };
    default:
      return {
        ts,
        type: "execution_completed",
        user,
        intent: { action: "install_package", packages: [pkg], services: [pkg] },
        execution: {
          success: i % 20 !== 3,
          duration_ms: 800 + (i % 5000),
          changes: [`environment.systemPackages += ${pkg}`],
        },
        state: { before_hash: "a".repeat(64), after_hash: "b".repeat(64) },
      };
  }
}

export interface Agent {
  id: string;
  key: string;
  bodies: Buffer[];
}

/** Posts every agent's batches, `concurrency` agents at a time, retrying 429 / 503; statuses and latencies. */
export async function load(port: number, agents: Agent[], pathName: string, shape: LoadShape) {
  const keepAlive = new http.Agent({ keepAlive: true, maxSockets: shape.concurrency });
  let statuses: Record<number, number> = {};
  const latencies: number[] = [];
  const post = (a: Agent, body: Buffer) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: pathName,
          method: "POST",
          agent: keepAlive,
          headers: {
            "content-type": "application/json",
            "content-encoding": "gzip",
            "content-length": body.length,
            authorization: `Device ${createDeviceJwt(a.key, a.id, { method: "POST", path: pathName, body })}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - started);
            resolve(res.statusCode ?? 0);
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const queue = [...agents];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: shape.concurrency }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        for (const body of a.bodies) {
          let status = await post(a, body);
          while (status === 429 || status === 503) {
            await new Promise((r) => setTimeout(r, 200));
            status = await post(a, body);
          }
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  keepAlive.destroy();
  const out = { seconds, statuses, latencies };
  statuses = {};
  return out;
}

/** Each device's batches, hash-chained and gzipped before the clock starts (as the agent's spool has them). */
export function makeAgents(ids: { id: string; key: string }[], shape: LoadShape): Agent[] {
  return ids.map((d, di) => {
    let head: ChainLink | null = null;
    const bodies: Buffer[] = [];
    for (let b = 0; b < shape.batches; b++) {
      const events = [];
      for (let i = 0; i < shape.batch; i++) {
        const e = appendToChain(head, event(b * shape.batch + i, di, shape.batches * shape.batch));
        head = { seq: e.seq, hash: e.hash };
        events.push(e);
      }
      bodies.push(gzipSync(JSON.stringify({ events })));
    }
    return { ...d, bodies };
  });
}

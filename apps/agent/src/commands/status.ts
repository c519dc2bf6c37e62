import { existsSync } from "node:fs";
import { loadBundle } from "../bundle-store";
import { readStatus, stateFiles, ZConfig, ZTrust } from "../files";
import { probeSocket } from "../socket-file";
import { readPushStatus } from "../spool/push-status";
import { Spool } from "../spool/spool";
import { readJson, resolveStateDir } from "../state";
import { readWitnesses } from "../witness-store";

/** Everything `status` shows; also served by the socket API's GET /v1/status. */
export function collectStatus(stateDir?: string) {
  const f = stateFiles(resolveStateDir(stateDir));
  const config = readJson(f.config, ZConfig);
  if (!config) return { enrolled: false as const, stateDir: f.dir };
  const st = readStatus(f);
  const trust = readJson(f.trust, ZTrust);
  const b = loadBundle(f, config);
  return {
    enrolled: true as const,
    stateDir: f.dir,
    server: config.server,
    deviceId: config.deviceId,
    orgId: config.orgId,
    enrolledAt: config.enrolledAt,
    lastSyncAt: st.lastSyncAt,
    lastAttemptAt: st.lastAttemptAt,
    policyVersion: b.ok ? b.bundle.payload.version : null,
    policyExpiresAt: b.ok ? b.bundle.payload.expiresAt : null,
    policyStale: b.ok ? b.bundle.stale : null,
    policyError: b.ok ? null : b.message,
    pinnedKeyId: trust?.pinnedKeyId ?? null,
    trustedKeyIds: Object.keys(trust?.keys ?? {}),
    revoked: st.revoked,
    revokedAt: st.revokedAt,
    lastError: st.lastError,
    lastRejection: st.lastRejection,
    daemonSocket: existsSync(f.socket) ? f.socket : null,
    spool: spoolStatus(f.dir),
    witnesses: witnessStatus(f),
  };
}

/** The audit checkpoints kept as a witness, and any served that contradicted them. */
function witnessStatus(f: ReturnType<typeof stateFiles>) {
  const w = readWitnesses(f);
  return { checkpoints: w.checkpoints.length, conflicts: w.conflicts.map((c) => `${c.at} ${c.reason}`) };
}

/** The audit spool: what waits to be pushed, and whether it is full (events are being refused). */
export function spoolStatus(dir: string) {
  const push = readPushStatus(dir);
  try {
    return { ...new Spool(dir).stats(), ...push };
  } catch (e) {
    return { error: (e as Error).message, ...push };
  }
}

const DAEMON_TEXT = {
  running: (socket: string) => `running (socket ${socket})`,
  stale: (socket: string) =>
    `not running: stale socket file ${socket} (left by a daemon that did not shut down; the next run removes it)`,
  absent: () => "not running",
};

export async function status(
  opts: { stateDir?: string; json?: boolean },
  out: (line: string) => void,
): Promise<number> {
  const collected = collectStatus(opts.stateDir);
  // A socket file alone does not mean a daemon: one killed with SIGKILL leaves it behind. Connect to tell.
  const socket = stateFiles(resolveStateDir(opts.stateDir)).socket;
  const daemon = await probeSocket(socket);
  const s = collected.enrolled
    ? { ...collected, daemon, daemonSocket: daemon === "running" ? socket : null }
    : { ...collected, daemon };
  if (opts.json) {
    out(JSON.stringify(s, null, 2));
    return s.enrolled ? 0 : 4;
  }
  if (!s.enrolled) {
    out(`not enrolled (state dir ${s.stateDir})`);
    return 4;
  }
  const rows: [string, unknown][] = [
    ["server", s.server],
    ["daemon", DAEMON_TEXT[daemon](socket)],
    ["device id", s.deviceId],
    ["org id", s.orgId],
    ["last sync", s.lastSyncAt ?? "never"],
    ["policy version", s.policyVersion ?? `none (${s.policyError})`],
    ["policy expires", s.policyExpiresAt ? `${s.policyExpiresAt}${s.policyStale ? " (EXPIRED: frozen)" : ""}` : "-"],
    ["pinned key", s.pinnedKeyId],
    ["trusted keys", s.trustedKeyIds.join(", ")],
    ["revoked", s.revoked ? `yes (${s.revokedAt})` : "no"],
    ["last error", s.lastError ?? "-"],
    ["last rejection", s.lastRejection ? `${s.lastRejection.reason}: ${s.lastRejection.message}` : "-"],
  ];
  const sp = s.spool;
  if ("pending" in sp) {
    rows.push([
      "audit spool",
      `${sp.pending} event(s) unsent, ${sp.bytes} of ${sp.maxBytes} bytes${sp.full ? " — FULL: new events are refused" : ""}`,
    ]);
    rows.push(["last push", `${sp.lastPushAt ?? "never"}${sp.lastError ? ` (last error: ${sp.lastError})` : ""}`]);
  } else rows.push(["audit spool", `unreadable: ${sp.error}`]);
  for (const [k, v] of rows) out(`${k.padEnd(16)}${String(v)}`);
  if ("full" in sp && sp.full) return 75;
  return 0;
}

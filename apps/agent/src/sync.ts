import { type AcceptResult, acceptBundle, type LoadedBundle, loadBundle, trustedKeyIds } from "./bundle-store";
import { hostFacts } from "./facts";
import { readStatus, type StateFiles, type TConfig, updateStatus } from "./files";
import { ApiError, createClient } from "./http-client";
import { spoolReport } from "./spool/spool-report";
import { decodeCheckpointsHeader, latestWitnessed, type WitnessResult, witnessCheckpoints } from "./witness-store";

export interface SyncContext {
  f: StateFiles;
  config: TConfig;
  privateKeyPem: string;
}

export interface SyncResult {
  applied: boolean;
  version: number | null;
  notModified: boolean;
  rejected: (AcceptResult & { ok: false }) | null;
  pollIntervalSeconds: number | null;
  /** The audit checkpoints served with the answer (200 or 304) and what became of them. */
  witnessed: WitnessResult | null;
}

function current(ctx: SyncContext): LoadedBundle | null {
  const r = loadBundle(ctx.f, ctx.config);
  return r.ok ? r.bundle : null;
}

/**
 * One round with the console: fetch the policy (If-None-Match: 304 when unchanged), verify and
 * apply it or refuse it (reported once per distinct rejection), then heartbeat with host facts.
 * A 401 device_revoked is recorded in status and rethrown.
 */
export async function syncOnce(ctx: SyncContext): Promise<SyncResult> {
  const { f, config } = ctx;
  const client = createClient({
    server: config.server,
    caFile: config.caFile,
    device: { id: config.deviceId, privateKeyPem: ctx.privateKeyPem },
  });
  updateStatus(f, { lastAttemptAt: new Date().toISOString() });
  try {
    const have = current(ctx);
    const res = await client.call(
      "GET",
      "/api/agent/v1/policy",
      undefined,
      have?.etag ? { "if-none-match": have.etag } : {},
      [200, 304],
    );
    let result: SyncResult = {
      applied: false,
      version: have?.payload.version ?? null,
      notModified: res.status === 304,
      rejected: null,
      pollIntervalSeconds: null,
      witnessed: null,
    };
    const served = decodeCheckpointsHeader(res.headers["x-luminous-checkpoints"]);
    if (served) result.witnessed = witnessCheckpoints(f, config, served);
    if (res.status === 200) {
      const bundle = (res.json as { bundle?: unknown } | undefined)?.bundle;
      const etag = typeof res.headers.etag === "string" ? res.headers.etag : null;
      const accepted = acceptBundle(f, config, bundle, etag, have);
      if (accepted.ok) {
        result = { ...result, applied: true, version: accepted.payload.version };
      } else {
        result = { ...result, rejected: accepted };
        await reportRejection(ctx, client, accepted);
      }
    }
    const hb = await client.call("POST", "/api/agent/v1/heartbeat", {
      facts: hostFacts(),
      appliedPolicyVersion: current(ctx)?.payload.version ?? null,
      ...spoolReport(f.dir, readStatus(f).lastError),
      knownKeyIds: trustedKeyIds(f),
      witnessed: latestWitnessed(f),
    });
    const poll = (hb.json as { pollIntervalSeconds?: unknown } | undefined)?.pollIntervalSeconds;
    result.pollIntervalSeconds = typeof poll === "number" ? poll : null;
    updateStatus(f, {
      lastSyncAt: new Date().toISOString(),
      lastError: result.rejected ? `bundle refused: ${result.rejected.reason}` : null,
    });
    return result;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && e.reason === "device_revoked") {
      const st = readStatus(f);
      updateStatus(f, {
        revoked: true,
        revokedAt: st.revokedAt ?? new Date().toISOString(),
        lastError: "device revoked by the console",
      });
    } else {
      updateStatus(f, { lastError: (e as Error).message });
    }
    throw e;
  }
}

async function reportRejection(
  ctx: SyncContext,
  client: ReturnType<typeof createClient>,
  r: AcceptResult & { ok: false },
) {
  const last = readStatus(ctx.f).lastRejection;
  const same = last && last.reason === r.reason && last.version === r.version && last.keyId === r.keyId;
  updateStatus(ctx.f, {
    lastRejection: {
      reason: r.reason,
      version: r.version,
      keyId: r.keyId,
      message: r.message,
      at: new Date().toISOString(),
    },
  });
  if (same) return; // reported already; do not flood the audit trail every poll
  await client.call("POST", "/api/agent/v1/bundle-rejections", {
    reason: r.reason,
    version: r.version,
    keyId: r.keyId,
    message: r.message.slice(0, 1000),
  });
}

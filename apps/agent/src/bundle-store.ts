import { type BundlePayload, keysToTrustAfter, verifyBundle } from "@luminous/policy";
import { type StateFiles, type TConfig, type TTrust, ZCachedBundle, ZTrust } from "./files";
import { readJson, writeJsonAtomic } from "./state";

export type LoadedBundle = { payload: BundlePayload; etag: string | null; stale: boolean };

/**
 * The last good bundle, re-verified from disk with the trusted keys on every load (a file edited
 * by hand does not verify). An expired bundle is still enforced (freeze on the last good policy)
 * and flagged stale; every other failure means no usable policy.
 */
export function loadBundle(
  f: StateFiles,
  config: TConfig,
): { ok: true; bundle: LoadedBundle } | { ok: false; message: string } {
  const trust = readJson(f.trust, ZTrust);
  const cached = readJson(f.bundle, ZCachedBundle);
  if (!trust || !cached) return { ok: false, message: "no policy bundle yet" };
  const r = verifyBundle(cached.bundle, { trustedKeys: trust.keys });
  if (!r.ok && r.reason !== "expired")
    return { ok: false, message: `cached bundle refused (${r.reason}): ${r.message}` };
  const payload = r.ok ? r.payload : (cached.bundle as { payload: BundlePayload }).payload;
  if (payload.deviceId && payload.deviceId !== config.deviceId)
    return { ok: false, message: "cached bundle is for another device" };
  return { ok: true, bundle: { payload, etag: cached.etag, stale: !r.ok } };
}

export type AcceptResult =
  | { ok: true; payload: BundlePayload; learnedKeys: string[] }
  | { ok: false; reason: string; message: string; version: number | null; keyId: string | null };

/**
 * Verifies a bundle from the server against the trusted keys and the last applied version; on
 * success stores it (and any keys it announces) atomically. On failure nothing on disk changes.
 */
export function acceptBundle(
  f: StateFiles,
  config: TConfig,
  bundle: unknown,
  etag: string | null,
  current: LoadedBundle | null,
): AcceptResult {
  const trust = readJson(f.trust, ZTrust);
  if (!trust) return { ok: false, reason: "unknown_key", message: "no trusted keys", version: null, keyId: null };
  const p = (bundle as { payload?: { version?: unknown; keyId?: unknown } } | null)?.payload;
  const meta = {
    version: typeof p?.version === "number" ? p.version : null,
    keyId: typeof p?.keyId === "string" ? p.keyId : null,
  };
  const r = verifyBundle(bundle, { trustedKeys: trust.keys, minVersion: current?.payload.version ?? 0 });
  if (!r.ok) return { ...r, ...meta };
  if (r.payload.orgId !== config.orgId || (r.payload.deviceId && r.payload.deviceId !== config.deviceId)) {
    return { ok: false, reason: "wrong_device", message: "bundle is for another org or device", ...meta };
  }
  const learned = keysToTrustAfter(r.payload);
  const newIds = Object.keys(learned).filter((k) => !(k in trust.keys));
  if (newIds.length) writeJsonAtomic(f.trust, { ...trust, keys: { ...trust.keys, ...learned } } satisfies TTrust);
  writeJsonAtomic(f.bundle, { bundle, etag, receivedAt: new Date().toISOString() });
  return { ok: true, payload: r.payload, learnedKeys: newIds };
}

export function trustedKeyIds(f: StateFiles): string[] {
  return Object.keys(readJson(f.trust, ZTrust)?.keys ?? {});
}

import path from "node:path";
import { z } from "zod";
import { readJson, writeJsonAtomic } from "./state";

/** The agent's state files and their schemas. */
export const ZConfig = z.object({
  server: z.string(),
  deviceId: z.string(),
  orgId: z.string(),
  caFile: z.string().nullable(),
  pollIntervalSeconds: z.int().min(5).max(86_400),
  enrolledAt: z.string(),
});
export type TConfig = z.infer<typeof ZConfig>;

/** Signing keys the agent trusts: the one pinned at enrollment plus any announced by a verified bundle. */
export const ZTrust = z.object({ pinnedKeyId: z.string(), keys: z.record(z.string(), z.string()) });
export type TTrust = z.infer<typeof ZTrust>;

export const ZCachedBundle = z.object({ bundle: z.unknown(), etag: z.string().nullable(), receivedAt: z.string() });
export type TCachedBundle = z.infer<typeof ZCachedBundle>;

export const ZStatus = z.object({
  lastSyncAt: z.string().nullable().default(null),
  lastAttemptAt: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  revoked: z.boolean().default(false),
  revokedAt: z.string().nullable().default(null),
  lastRejection: z
    .object({
      reason: z.string(),
      version: z.int().nullable(),
      keyId: z.string().nullable(),
      message: z.string(),
      at: z.string(),
    })
    .nullable()
    .default(null),
});
export type TStatus = z.infer<typeof ZStatus>;

export function stateFiles(dir: string) {
  return {
    dir,
    config: path.join(dir, "config.json"),
    privateKey: path.join(dir, "device.key"),
    trust: path.join(dir, "trust.json"),
    bundle: path.join(dir, "bundle.json"),
    status: path.join(dir, "status.json"),
    witnesses: path.join(dir, "witnesses.json"),
    socket: path.join(dir, "agent.sock"),
  };
}
export type StateFiles = ReturnType<typeof stateFiles>;

export function readStatus(f: StateFiles): TStatus {
  return readJson(f.status, ZStatus) ?? ZStatus.parse({});
}

export function updateStatus(f: StateFiles, patch: Partial<TStatus>): TStatus {
  const next = { ...readStatus(f), ...patch };
  writeJsonAtomic(f.status, next);
  return next;
}

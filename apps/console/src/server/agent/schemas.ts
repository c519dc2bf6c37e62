import { ZSignedCheckpoint } from "@luminous/audit";
import { z } from "zod";

/** Agent API inputs: one schema per operation, shared by the route and the domain function. */
const ZShort = z.string().max(256);

export const ZFacts = z.object({
  hostname: z.string().min(1).max(253),
  machineId: z.string().min(1).max(128),
  os: ZShort.default(""),
  osVersion: ZShort.default(""),
  nixosVersion: ZShort.default(""),
  agentVersion: ZShort.default(""),
});
export type TFacts = z.infer<typeof ZFacts>;

const ZKeyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a key id");

export const ZEnrollInput = z.object({
  token: z.string().min(1).max(512),
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a raw 32-byte Ed25519 key, base64url"),
  facts: ZFacts,
});
export type TEnrollInput = z.infer<typeof ZEnrollInput>;

export const ZHeartbeatInput = z.object({
  facts: ZFacts,
  appliedPolicyVersion: z.int().min(0).nullable(),
  spoolSize: z.int().min(0).optional(),
  lastError: z.string().max(2000).nullable().optional(),
  /** Signing keys the agent trusts; lets the server switch a device to a rotated key. */
  knownKeyIds: z.array(ZKeyId).max(16).optional(),
  /** The newest audit checkpoints the agent witnessed (one a lane), compared with the database's. */
  witnessed: z.array(ZSignedCheckpoint).max(16).optional(),
});
export type THeartbeatInput = z.infer<typeof ZHeartbeatInput>;

export const ZBundleRejectionInput = z.object({
  reason: z.enum(["malformed", "unknown_key", "bad_signature", "rollback", "expired", "wrong_device"]),
  version: z.int().min(0).nullable(),
  keyId: z.string().max(64).nullable(),
  message: z.string().max(1000),
});
export type TBundleRejectionInput = z.infer<typeof ZBundleRejectionInput>;

import { canonicalize, signEd25519, verifyEd25519 } from "@luminous/crypto";
import { z } from "zod";
import { ZHash } from "./schema";

/**
 * Prefixed to the signed bytes so a checkpoint signature can never be replayed as, say, a
 * policy-bundle signature made with the same org key, nor the other way round.
 */
const SIGNING_CONTEXT = "luminous-audit-checkpoint/v1\n";

export const ZCheckpointPayload = z.strictObject({
  v: z.literal(1),
  orgId: z.string().min(1).max(128),
  /** The chain lane whose head this signs (absent: lane 0, as checkpoints before lanes were). */
  lane: z.int().min(0).max(32767).optional(),
  lastEventId: z.string().min(1).max(128),
  lastServerHash: ZHash,
  /** Number of events in the lane up to and including lastEventId. */
  count: z.int().min(1),
  at: z.iso.datetime({ offset: true }),
  keyId: z.string().min(1).max(128),
});
export type TCheckpointPayload = z.infer<typeof ZCheckpointPayload>;

export interface SignedCheckpoint {
  payload: TCheckpointPayload;
  /** Ed25519 over SIGNING_CONTEXT + canonical JSON of payload, base64url. */
  signature: string;
}

export interface CheckpointInput {
  orgId: string;
  lane?: number;
  lastEventId: string;
  lastServerHash: string;
  count: number;
  at: string;
}

export function makeCheckpoint(
  input: CheckpointInput,
  key: { keyId: string; privateKeyPem: string },
): SignedCheckpoint {
  const payload = ZCheckpointPayload.parse({ v: 1, ...input, keyId: key.keyId });
  return { payload, signature: signEd25519(key.privateKeyPem, SIGNING_CONTEXT + canonicalize(payload)) };
}

/** True only for a well-formed payload signed by the key it names, which must be in `publicKeysById`. */
export function verifyCheckpoint(
  cp: SignedCheckpoint,
  publicKeysById: Record<string, string> | ReadonlyMap<string, string>,
): boolean {
  const parsed = ZCheckpointPayload.safeParse(cp?.payload);
  if (!parsed.success || typeof cp.signature !== "string") return false;
  const keyId = parsed.data.keyId;
  const publicKey =
    publicKeysById instanceof Map
      ? publicKeysById.get(keyId)
      : Object.hasOwn(publicKeysById, keyId)
        ? (publicKeysById as Record<string, string>)[keyId]
        : undefined;
  if (!publicKey) return false;
  return verifyEd25519(publicKey, SIGNING_CONTEXT + canonicalize(parsed.data), cp.signature);
}

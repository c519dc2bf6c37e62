import { canonicalize, sha256Hex, signEd25519, verifyEd25519 } from "@luminous/crypto";
import { z } from "zod";
import { GENESIS_HASH, ZHash } from "./schema";

/**
 * Prefixed to the signed bytes so a checkpoint signature can never be replayed as, say, a
 * policy-bundle signature made with the same org key, nor the other way round.
 */
const SIGNING_CONTEXT = "luminous-audit-checkpoint/v1\n";

const base = {
  orgId: z.string().min(1).max(128),
  lastEventId: z.string().min(1).max(128),
  lastServerHash: ZHash,
  /** Number of events in the lane up to and including lastEventId. */
  count: z.int().min(1),
  at: z.iso.datetime({ offset: true }),
  keyId: z.string().min(1).max(128),
};

/** Written before checkpoints were chained: they stand alone, and a chained checkpoint's `prev` starts from them. */
export const ZCheckpointPayloadV1 = z.strictObject({
  v: z.literal(1),
  ...base,
  /** The chain lane whose head this signs (absent: lane 0, as checkpoints before lanes were). */
  lane: z.int().min(0).max(32767).optional(),
});

/** A chained checkpoint: its number in the lane and the hash of the lane's previous checkpoint are signed too. */
export const ZCheckpointPayloadV2 = z.strictObject({
  v: z.literal(2),
  ...base,
  lane: z.int().min(0).max(32767),
  /** 1, 2, 3, ... per lane, with no holes. */
  seq: z.int().min(1),
  /** checkpointHash() of the lane's checkpoint seq - 1; GENESIS_HASH for seq 1. */
  prev: ZHash,
});

export const ZCheckpointPayload = z.discriminatedUnion("v", [ZCheckpointPayloadV1, ZCheckpointPayloadV2]);
export type TCheckpointPayload = z.infer<typeof ZCheckpointPayload>;

export interface SignedCheckpoint {
  payload: TCheckpointPayload;
  /** Ed25519 over SIGNING_CONTEXT + canonical JSON of payload, base64url. */
  signature: string;
}

export const ZSignedCheckpoint = z.strictObject({
  payload: ZCheckpointPayload,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, "must be an Ed25519 signature, base64url"),
});

export interface CheckpointInput {
  orgId: string;
  lane: number;
  lastEventId: string;
  lastServerHash: string;
  count: number;
  at: string;
  /** The lane's previous checkpoint (null: this is the lane's first). */
  previous: SignedCheckpoint | null;
  /** Its number in the lane, when `previous` is a v1 checkpoint that does not carry one (as stored). */
  previousSeq?: number;
}

/** The hash a chained checkpoint's `prev` names: of the signed payload, so it changes with any field. */
export function checkpointHash(cp: SignedCheckpoint): string {
  return sha256Hex(SIGNING_CONTEXT + canonicalize(cp.payload));
}

/** The checkpoint's number in its lane: signed in a v2 checkpoint, as stored for a v1 one. */
export function checkpointSeq(cp: SignedCheckpoint, storedSeq?: number): number | undefined {
  return cp.payload.v === 2 ? cp.payload.seq : storedSeq;
}

/** Signs the next checkpoint of a lane, chained to the previous one. */
export function makeCheckpoint(
  input: CheckpointInput,
  key: { keyId: string; privateKeyPem: string },
): SignedCheckpoint {
  const { previous, previousSeq, ...rest } = input;
  const prevSeq = previous ? checkpointSeq(previous, previousSeq) : 0;
  if (prevSeq === undefined) throw new Error("the previous checkpoint is v1: give its stored number (previousSeq)");
  const payload = ZCheckpointPayloadV2.parse({
    v: 2,
    ...rest,
    seq: prevSeq + 1,
    prev: previous ? checkpointHash(previous) : GENESIS_HASH,
    keyId: key.keyId,
  });
  return { payload, signature: signEd25519(key.privateKeyPem, SIGNING_CONTEXT + canonicalize(payload)) };
}

export type PublicKeys = Record<string, string> | ReadonlyMap<string, string>;

export function publicKeyOf(keys: PublicKeys, keyId: string): string | undefined {
  if (keys instanceof Map) return keys.get(keyId);
  return Object.hasOwn(keys, keyId) ? (keys as Record<string, string>)[keyId] : undefined;
}

/** True only for a well-formed payload signed by the key it names, which must be in `publicKeysById`. */
export function verifyCheckpoint(cp: SignedCheckpoint, publicKeysById: PublicKeys): boolean {
  const parsed = ZCheckpointPayload.safeParse(cp?.payload);
  if (!parsed.success || typeof cp.signature !== "string") return false;
  const publicKey = publicKeyOf(publicKeysById, parsed.data.keyId);
  if (!publicKey) return false;
  return verifyEd25519(publicKey, SIGNING_CONTEXT + canonicalize(parsed.data), cp.signature);
}

import { canonicalize, generateEd25519, signEd25519 } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import {
  checkpointHash,
  exportCheckpoints,
  GENESIS_HASH,
  makeCheckpoint,
  parseCheckpointExport,
  type SignedCheckpoint,
  type StoredCheckpoint,
  verifyCheckpointChain,
} from "./index";

const ORG = "org-1";
const key = generateEd25519();
const keys = { [key.keyId]: key.publicKey };
const opts = { publicKeysById: keys, orgId: ORG, lane: 2 };
const hash = (n: number) => (n % 16).toString(16).repeat(64);

/** A lane's checkpoints as the worker writes them: every 10 events. */
function chain(
  n: number,
  first: SignedCheckpoint | null = null,
  firstSeq = 0,
  at = "2026-01-01T00:00:00Z",
): StoredCheckpoint[] {
  const out: StoredCheckpoint[] = [];
  let prev = first;
  for (let i = 1; i <= n; i++) {
    const count = (firstSeq + i) * 10;
    const cp = makeCheckpoint(
      {
        orgId: ORG,
        lane: 2,
        lastEventId: `ev-${count}`,
        lastServerHash: hash(count),
        count,
        at,
        previous: prev,
        previousSeq: firstSeq,
      },
      key,
    );
    out.push({ seq: firstSeq + i, serverSeq: count, cp });
    prev = cp;
  }
  return out;
}

const failure = (r: ReturnType<typeof verifyCheckpointChain>) => {
  if (r.ok) throw new Error("expected the checkpoint chain to be broken");
  return r;
};

describe("checkpoint chain", () => {
  it("each checkpoint signs its number and the previous one's hash", () => {
    const cps = chain(3);
    expect(cps.map((c) => c.cp.payload)).toMatchObject([
      { v: 2, seq: 1, prev: GENESIS_HASH },
      { v: 2, seq: 2, prev: checkpointHash(cps[0]!.cp) },
      { v: 2, seq: 3, prev: checkpointHash(cps[1]!.cp) },
    ]);
    expect(verifyCheckpointChain(cps, opts)).toEqual({ ok: true, verified: 3 });
  });

  it("detects one checkpoint deleted from the middle, and the first ones", () => {
    const cps = chain(5);
    expect(
      failure(
        verifyCheckpointChain(
          cps.filter((c) => c.seq !== 3),
          opts,
        ),
      ),
    ).toMatchObject({
      problem: "checkpoint_deleted",
      seq: 4,
      message: "lane 2 checkpoint #4: follows #2: checkpoint #3 deleted",
    });
    expect(failure(verifyCheckpointChain(cps.slice(2), opts))).toMatchObject({ problem: "checkpoint_deleted", seq: 3 });
  });

  it("accepts the first kept checkpoint as the start only where retention cut the lane's rows", () => {
    const cps = chain(5).slice(2);
    expect(verifyCheckpointChain(cps, { ...opts, startsAfter: 30 })).toEqual({ ok: true, verified: 3 });
    expect(failure(verifyCheckpointChain(cps, { ...opts, startsAfter: 20 })).problem).toBe("checkpoint_deleted");
  });

  it("detects checkpoints swapped, renumbered, or one replaced by another genuine checkpoint", () => {
    const cps = chain(4);
    const swapped = [cps[0]!, { ...cps[2]!, seq: 2, serverSeq: 20 }, { ...cps[1]!, seq: 3, serverSeq: 30 }, cps[3]!];
    expect(failure(verifyCheckpointChain(swapped, opts)).problem).toBe("checkpoint_reordered");
    const renumbered = [cps[0]!, cps[2]!, cps[1]!, cps[3]!];
    expect(failure(verifyCheckpointChain(renumbered, opts))).toMatchObject({ problem: "checkpoint_deleted", seq: 3 });
    // A fork: genuinely signed (say, by the worker over a forged lane) but after another predecessor.
    const fork = chain(4, null, 0, "2026-01-02T00:00:00Z")[2]!;
    const replaced = [cps[0]!, cps[1]!, fork, cps[3]!];
    expect(failure(verifyCheckpointChain(replaced, opts))).toMatchObject({ problem: "checkpoint_replaced", seq: 3 });
  });

  it("refuses a checkpoint of another lane or org, or with an edited payload", () => {
    const cps = chain(2);
    expect(failure(verifyCheckpointChain(cps, { ...opts, lane: 1 })).problem).toBe("checkpoint_signature");
    const edited = { ...cps[1]!, cp: { ...cps[1]!.cp, payload: { ...cps[1]!.cp.payload, prev: GENESIS_HASH } } };
    expect(failure(verifyCheckpointChain([cps[0]!, edited], opts)).problem).toBe("checkpoint_signature");
  });

  it("continues from checkpoints written before the chain (v1), which may only open it", () => {
    const v1 = (count: number): SignedCheckpoint => {
      const payload = {
        v: 1 as const,
        orgId: ORG,
        lane: 2,
        lastEventId: `ev-${count}`,
        lastServerHash: hash(count),
        count,
        at: "2025-12-01T00:00:00Z",
        keyId: key.keyId,
      };
      return {
        payload,
        signature: signEd25519(key.privateKeyPem, `luminous-audit-checkpoint/v1\n${canonicalize(payload)}`),
      };
    };
    const legacy = [1, 2].map((i) => ({ seq: i, serverSeq: i * 10, cp: v1(i * 10) }));
    const next = chain(2, legacy[1]!.cp, 2);
    expect(next[0]!.cp.payload).toMatchObject({ seq: 3, prev: checkpointHash(legacy[1]!.cp) });
    expect(verifyCheckpointChain([...legacy, ...next], opts)).toEqual({ ok: true, verified: 4 });
    expect(failure(verifyCheckpointChain([legacy[0]!, ...next], opts)).problem).toBe("checkpoint_deleted");
    const late = { seq: 5, serverSeq: 50, cp: v1(50) };
    expect(failure(verifyCheckpointChain([...legacy, ...next, late], opts)).problem).toBe("checkpoint_inserted");
  });

  it("exports checkpoints in a documented format and names a bad field on import", () => {
    const cps = chain(2).map((c) => c.cp);
    const out = exportCheckpoints({ orgId: ORG, source: "agent d-1", checkpoints: [...cps].reverse(), keys });
    expect(out).toMatchObject({ format: "luminous-checkpoints/v1", orgId: ORG, keys });
    expect(out.checkpoints.map((c) => c.payload.count)).toEqual([10, 20]);
    expect(parseCheckpointExport(JSON.stringify(out))).toEqual({ ok: true, value: out });
    const bad = { ...out, checkpoints: [{ ...cps[0]!, signature: "x" }] };
    expect(parseCheckpointExport(bad)).toEqual({
      ok: false,
      message: "checkpoints.0.signature: must be an Ed25519 signature, base64url",
    });
  });
});

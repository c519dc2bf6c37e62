import { canonicalize, generateEd25519, sha256Hex } from "@luminous/crypto";
import { describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  makeCheckpoint,
  type ServerChainResult,
  type ServerChainRow,
  serverLinkHash,
  verifyCheckpoint,
  verifyServerChain,
} from "./index";

const ORG = "org-1";
const key = generateEd25519();
const keys = { [key.keyId]: key.publicKey };

function store(
  n: number,
  prev: { serverHash: string; serverSeq: number } = { serverHash: GENESIS_HASH, serverSeq: 0 },
) {
  const rows: ServerChainRow[] = [];
  let last = prev;
  for (let i = 0; i < n; i++) {
    const serverSeq = last.serverSeq + 1;
    const admin = serverSeq % 5 === 0;
    const ref = {
      id: `ev-${serverSeq}`,
      deviceId: admin ? null : `dev-${serverSeq % 3}`,
      seq: admin ? null : serverSeq,
      hash: (serverSeq % 16).toString(16).repeat(64),
      receivedAt: new Date(Date.UTC(2025, 0, 1) + serverSeq * 1000).toISOString(),
    };
    const row = { ...ref, serverSeq, serverHash: serverLinkHash(last.serverHash, ref) };
    rows.push(row);
    last = row;
  }
  return rows;
}

/** What an attacker with database access would write to make a row look chained. */
function relink(prevServerHash: string, row: ServerChainRow): ServerChainRow {
  return { ...row, serverHash: serverLinkHash(prevServerHash, row) };
}

function broken(r: ServerChainResult) {
  if (r.ok) throw new Error("expected the server chain to be broken");
  return r;
}

const checkpointAt = (rows: ServerChainRow[], count: number) =>
  makeCheckpoint(
    {
      orgId: ORG,
      lane: 0,
      previous: null,
      lastEventId: rows[count - 1]!.id,
      lastServerHash: rows[count - 1]!.serverHash,
      count,
      at: "2025-02-01T00:00:00Z",
    },
    key,
  );

describe("server chain", () => {
  it("verifies an intact chain of device and admin events", () => {
    const rows = store(500);
    expect(verifyServerChain(rows)).toEqual({
      ok: true,
      count: 500,
      checkpointsVerified: 0,
      last: { id: "ev-500", serverHash: rows[499]!.serverHash },
    });
  });

  it("hashes a Date and its ISO string, a bigint and its number alike", () => {
    const ref = { id: "a", deviceId: "d", seq: 7, hash: "1".repeat(64), receivedAt: "2025-01-01T00:00:00.000Z" };
    const h = serverLinkHash(GENESIS_HASH, ref);
    expect(serverLinkHash(GENESIS_HASH, { ...ref, seq: 7n, receivedAt: new Date(ref.receivedAt) })).toBe(h);
    expect(serverLinkHash(GENESIS_HASH, { ...ref, deviceId: null })).not.toBe(h);
    expect(serverLinkHash("f".repeat(64), ref)).not.toBe(h);
  });

  it("is the SHA-256 of the canonical JSON of the link's fields, whatever their form", () => {
    const cases = [
      { id: "a", deviceId: "d", seq: 7, hash: "1".repeat(64), receivedAt: "2025-01-01T00:00:00.000Z" },
      { id: "b", deviceId: null, seq: null, hash: "2".repeat(64), receivedAt: new Date("2025-06-30T23:59:59.999Z") },
      { id: 'q"\\', deviceId: "\u00e9\n", seq: 9007199254740991n, hash: "3", receivedAt: "2025-01-01T01:00:00+01:00" },
      { id: "c", deviceId: "d", seq: 0, hash: "4", receivedAt: "2025-01-01" },
    ];
    for (const ref of cases) {
      const { id, deviceId, seq, hash } = ref;
      const receivedAt = new Date(ref.receivedAt).toISOString();
      const canonical = canonicalize({
        prev: GENESIS_HASH,
        id,
        deviceId,
        seq: seq === null ? null : Number(seq),
        hash,
        receivedAt,
      });
      expect(serverLinkHash(GENESIS_HASH, ref)).toBe(sha256Hex(canonical));
    }
  });

  it("detects an edited row, and says edited", () => {
    const rows = store(100);
    rows[40] = { ...rows[40]!, hash: "f".repeat(64) };
    const r = broken(verifyServerChain(rows));
    expect(r).toMatchObject({ index: 40, id: "ev-41", problem: "hash_mismatch", actual: rows[40]!.serverHash });
    expect(r.message).toMatch(/edited\?/);
  });

  it("detects a deleted row by the hole in server seq", () => {
    const rows = store(100);
    rows.splice(40, 2);
    const r = broken(verifyServerChain(rows));
    expect(r).toMatchObject({ index: 40, id: "ev-43", problem: "row_deleted", expected: "41", actual: "43" });
    expect(r.message).toBe("row ev-43: server seq 43 follows 40 (2 rows deleted)");
  });

  it("without server seq, a deletion is still a break, reported as edit-or-deletion", () => {
    const rows = store(20).map(({ serverSeq: _s, ...r }) => r);
    rows.splice(10, 1);
    const r = broken(verifyServerChain(rows));
    expect(r).toMatchObject({ index: 10, problem: "hash_mismatch" });
    expect(r.message).toMatch(/edited, or the row before it deleted/);
  });

  it("detects an inserted row that links correctly, at the inserted row", () => {
    const rows = store(100);
    const forged = relink(rows[29]!.serverHash, { ...rows[29]!, id: "forged", serverSeq: 30 });
    rows.splice(30, 0, forged);
    const r = broken(verifyServerChain(rows));
    expect(r).toMatchObject({ index: 30, id: "forged", problem: "row_inserted" });
    expect(r.message).toBe("row forged: not part of the chain (1 row inserted)");
  });

  it("detects an inserted row with a made-up hash, at the inserted row", () => {
    const rows = store(100);
    rows.splice(30, 0, { ...rows[29]!, id: "forged", serverHash: "c".repeat(64) });
    expect(broken(verifyServerChain(rows))).toMatchObject({ index: 30, id: "forged", problem: "row_inserted" });
  });

  it("detects swapped rows", () => {
    const rows = store(100);
    [rows[60], rows[61]] = [rows[61]!, rows[60]!];
    expect(broken(verifyServerChain(rows))).toMatchObject({ index: 60, id: "ev-62", problem: "out_of_order" });
  });

  it("verifies a window that starts at a retained checkpoint", () => {
    const all = store(50);
    const window = all.slice(20);
    const start = { serverHash: all[19]!.serverHash, count: 20 };
    expect(verifyServerChain(window, { start }).ok).toBe(true);
    expect(broken(verifyServerChain(window))).toMatchObject({ index: 0 });
    window.splice(0, 1);
    expect(broken(verifyServerChain(window, { start }))).toMatchObject({ index: 0, problem: "row_deleted" });
  });
});

describe("signed checkpoints", () => {
  it("signs and verifies; any change to the payload or signature is refused", () => {
    const rows = store(10);
    const cp = checkpointAt(rows, 10);
    expect(cp.payload).toMatchObject({ v: 2, seq: 1, orgId: ORG, count: 10, keyId: key.keyId });
    expect(verifyCheckpoint(cp, keys)).toBe(true);
    expect(verifyCheckpoint(cp, new Map(Object.entries(keys)))).toBe(true);
    expect(verifyCheckpoint({ ...cp, payload: { ...cp.payload, count: 9 } }, keys)).toBe(false);
    expect(verifyCheckpoint({ ...cp, payload: { ...cp.payload, lastServerHash: "0".repeat(64) } }, keys)).toBe(false);
    const sig = cp.signature;
    const flipped = (sig[0] === "A" ? "B" : "A") + sig.slice(1);
    expect(verifyCheckpoint({ ...cp, signature: flipped }, keys)).toBe(false);
  });

  it("refuses an unknown key, a key swapped in, and a malformed payload", () => {
    const rows = store(3);
    const cp = checkpointAt(rows, 3);
    const other = generateEd25519();
    expect(verifyCheckpoint(cp, {})).toBe(false);
    expect(verifyCheckpoint(cp, { [key.keyId]: other.publicKey })).toBe(false);
    const resigned = makeCheckpoint(
      { ...cp.payload, lane: 0, previous: null },
      { keyId: key.keyId, privateKeyPem: other.privateKeyPem },
    );
    expect(verifyCheckpoint(resigned, keys)).toBe(false);
    expect(
      verifyCheckpoint({ ...cp, payload: { ...cp.payload, extra: 1 } as unknown as typeof cp.payload }, keys),
    ).toBe(false);
    expect(verifyCheckpoint({ ...cp, payload: { ...cp.payload, toString: "x" } as never }, keys)).toBe(false);
  });

  it("a checkpoint catches rows deleted at the end, which the chain alone cannot see", () => {
    const rows = store(100);
    const cps = [checkpointAt(rows, 50), checkpointAt(rows, 100)];
    expect(verifyServerChain(rows, { checkpoints: cps, publicKeysById: keys, orgId: ORG })).toMatchObject({
      ok: true,
      checkpointsVerified: 2,
    });
    const truncated = rows.slice(0, 97);
    expect(verifyServerChain(truncated).ok).toBe(true);
    const r = broken(verifyServerChain(truncated, { checkpoints: cps, publicKeysById: keys }));
    expect(r).toMatchObject({ problem: "truncated", index: 97, expected: "100", actual: "97" });
    expect(r.message).toMatch(/3 deleted at the end/);
  });

  it("a checkpoint catches a chain rewritten from scratch", () => {
    const rows = store(100);
    const cps = [checkpointAt(rows, 100)];
    // attacker edits row 30 and recomputes every later server hash
    const rewritten = rows.slice(0, 30);
    let prev = rows[29]!.serverHash;
    for (const row of rows.slice(30)) {
      const next = relink(prev, row.id === "ev-31" ? { ...row, hash: "9".repeat(64) } : row);
      rewritten.push(next);
      prev = next.serverHash;
    }
    expect(verifyServerChain(rewritten).ok).toBe(true);
    expect(broken(verifyServerChain(rewritten, { checkpoints: cps, publicKeysById: keys }))).toMatchObject({
      problem: "checkpoint_mismatch",
      index: 99,
      id: "ev-100",
    });
  });

  it("a tampered or foreign checkpoint fails verification of the chain", () => {
    const rows = store(20);
    const cp = checkpointAt(rows, 20);
    const tampered = { ...cp, payload: { ...cp.payload, count: 19 } };
    expect(broken(verifyServerChain(rows, { checkpoints: [tampered], publicKeysById: keys }))).toMatchObject({
      problem: "checkpoint_signature",
    });
    expect(broken(verifyServerChain(rows, { checkpoints: [cp], publicKeysById: keys, orgId: "org-2" }))).toMatchObject({
      problem: "checkpoint_signature",
    });
  });
});

import { describe, expect, it } from "vitest";
import {
  appendToChain,
  type ChainResult,
  eventHash,
  GENESIS_HASH,
  type TChainedEvent,
  type TEventInput,
  verifyChain,
} from "./index";

const types = ["command_received", "command_parsed", "plan_generated", "execution_completed"] as const;

function input(i: number): TEventInput {
  return {
    ts: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    type: types[i % types.length]!,
    user: "alice",
    command: `ask-nix "install pkg-${i}"`,
    intent: { action: "install_package", packages: [`pkg-${i}`] },
  };
}

function chain(n: number): TChainedEvent[] {
  const out: TChainedEvent[] = [];
  for (let i = 0; i < n; i++) out.push(appendToChain(out.at(-1) ?? null, input(i)));
  return out;
}

function broken(r: ChainResult) {
  if (r.ok) throw new Error("expected the chain to be broken");
  return r;
}

describe("device hash chain", () => {
  it("appends and verifies 1000 events", () => {
    const events = chain(1000);
    expect(events[0]).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(events[999]!.prevHash).toBe(events[998]!.hash);
    const r = verifyChain(events, { expectPrev: null });
    expect(r).toEqual({ ok: true, count: 1000, last: { seq: 1000, hash: events[999]!.hash } });
  });

  it("hashes every field but the hash, including the link", () => {
    const [e] = chain(1);
    const { hash, ...rest } = e!;
    expect(eventHash(rest)).toBe(hash);
    expect(eventHash({ ...rest, prevHash: "f".repeat(64) })).not.toBe(hash);
    // key order does not matter: canonical JSON
    expect(eventHash(Object.fromEntries(Object.entries(rest).reverse()) as typeof rest)).toBe(hash);
  });

  it("verifies a later batch against the last acknowledged link", () => {
    const events = chain(10);
    const r = verifyChain(events.slice(5), { expectPrev: { seq: 5, hash: events[4]!.hash } });
    expect(r.ok).toBe(true);
    const wrong = broken(verifyChain(events.slice(5), { expectPrev: { seq: 5, hash: events[3]!.hash } }));
    expect(wrong).toMatchObject({ index: 0, seq: 6, problem: "prev_mismatch" });
    const replay = broken(verifyChain(events.slice(3), { expectPrev: { seq: 5, hash: events[4]!.hash } }));
    expect(replay).toMatchObject({ index: 0, seq: 4, problem: "seq_regress" });
    const resend = broken(verifyChain(events.slice(4), { expectPrev: { seq: 5, hash: events[4]!.hash } }));
    expect(resend).toMatchObject({ index: 0, seq: 5, problem: "seq_duplicate" });
  });

  it("detects an edited field at that event", () => {
    const events = chain(50);
    events[16] = { ...events[16]!, command: 'ask-nix "install nothing-to-see"' };
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 16, seq: 17, problem: "hash_mismatch", actual: events[16]!.hash });
    expect(r.message).toBe("event seq 17: stored hash does not match its content (edited?)");
  });

  it("detects an edit whose hash was recomputed at the next link", () => {
    const events = chain(50);
    const { hash: _h, ...body } = events[16]!;
    const forged = { ...body, user: "mallory" };
    events[16] = { ...forged, hash: eventHash(forged) };
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 17, seq: 18, problem: "prev_mismatch", expected: events[16]!.hash });
    expect(r.message).toBe("event seq 18: previous-hash link broken (event before it deleted or inserted?)");
  });

  it("detects a deleted event as a gap", () => {
    const events = chain(50);
    events.splice(18, 1); // seq 19
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 18, seq: 20, problem: "seq_gap", expected: "19", actual: "20" });
    expect(r.message).toBe("gap: seq 20 follows 18 (1 event missing)");
    events.splice(18, 2);
    expect(broken(verifyChain(events)).message).toBe("gap: seq 22 follows 18 (3 events missing)");
  });

  it("detects a deleted first event even when the batch starts later", () => {
    const events = chain(5).slice(1);
    expect(verifyChain(events).ok).toBe(true); // a window: first event is the anchor
    expect(broken(verifyChain(events, { expectPrev: null }))).toMatchObject({ index: 0, problem: "seq_gap" });
  });

  it("detects a forged event inserted with a recomputed hash", () => {
    const events = chain(30);
    // slipped in after seq 10, taking seq 11 and linking correctly to seq 10
    const forged = appendToChain(events[9]!, { ts: "2025-01-01T00:00:10Z", type: "execution_completed", user: "root" });
    events.splice(10, 0, forged);
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 11, seq: 11, problem: "seq_duplicate" });

    // or linked to nothing in particular
    const events2 = chain(30);
    const body = { ...input(99), seq: 11, prevHash: "e".repeat(64) };
    events2.splice(10, 1, { ...body, hash: eventHash(body) });
    expect(broken(verifyChain(events2))).toMatchObject({ index: 10, seq: 11, problem: "prev_mismatch" });
  });

  it("detects two swapped events at the first one out of place", () => {
    const events = chain(30);
    [events[7], events[8]] = [events[8]!, events[7]!];
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 7, seq: 9, problem: "seq_regress", expected: "8", actual: "9" });
    expect(r.message).toMatch(/seq 9 comes before seq 8/);
  });

  it("detects a duplicated sequence number", () => {
    const events = chain(30);
    events.splice(13, 0, events[12]!); // seq 13 replayed
    const r = broken(verifyChain(events));
    expect(r).toMatchObject({ index: 13, seq: 13, problem: "seq_duplicate", expected: "14" });
    // a re-numbered event (content edited) is reported as an edit, not a sequence problem
    const events2 = chain(30);
    events2[13] = { ...events2[13]!, seq: 13 };
    expect(broken(verifyChain(events2))).toMatchObject({ index: 13, problem: "hash_mismatch" });
  });

  it("an empty batch is fine", () => {
    expect(verifyChain([])).toEqual({ ok: true, count: 0 });
  });
});

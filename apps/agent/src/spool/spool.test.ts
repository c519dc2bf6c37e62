import { appendFileSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { verifyChain } from "@luminous/audit";
import { describe, expect, it } from "vitest";
import { Spool, SpoolFullError } from "./spool";

const ev = (i: number) => ({
  ts: new Date().toISOString(),
  type: "command_received" as const,
  command: `ask-nix install pkg${i}`,
});
const fresh = (opts?: ConstructorParameters<typeof Spool>[1]) =>
  new Spool(mkdtempSync(path.join(tmpdir(), "spool-")), opts);

describe("agent spool", () => {
  it("appends a hash chain that survives reopening, across segments", () => {
    const s = fresh({ segmentBytes: 1000 });
    for (let i = 0; i < 30; i++) s.append(ev(i));
    const reopened = new Spool(path.dirname(s.dir), { segmentBytes: 1000 });
    reopened.append(ev(30));
    const all = reopened.pending(1000);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
    expect(verifyChain(all, { expectPrev: null }).ok).toBe(true);
    expect(readdirSync(s.dir).filter((n) => n.startsWith("seg-")).length).toBeGreaterThan(1);
  });

  it("removes only acknowledged events and keeps the chain going after every segment is gone", () => {
    const s = fresh({ segmentBytes: 500 });
    for (let i = 0; i < 10; i++) s.append(ev(i));
    s.ack([1, 2, 3, 5]); // 4 not acknowledged: 5 must stay pending-safe
    expect(s.pending(100).map((e) => e.seq)).toEqual([4, 6, 7, 8, 9, 10]);
    expect(s.stats().pending).toBe(6);
    s.ack([4, 6, 7, 8, 9, 10]);
    expect(s.pending(100)).toEqual([]);
    expect(readdirSync(s.dir).filter((n) => n.startsWith("seg-"))).toEqual([]);
    const next = s.append(ev(11));
    expect(next.seq).toBe(11);
    expect(s.stats().lastSeq).toBe(11);
    expect(verifyChain([next]).ok).toBe(true);
  });

  it("cuts off a torn line left by a crash mid-write, and never loses a completed event", () => {
    const s = fresh();
    s.append(ev(1));
    s.append(ev(2));
    const seg = path.join(s.dir, readdirSync(s.dir).find((n) => n.startsWith("seg-"))!);
    appendFileSync(seg, '{"ts":"2026-');
    expect(s.pending(10).map((e) => e.seq)).toEqual([1, 2]);
    const third = s.append(ev(3));
    expect(third.seq).toBe(3);
    expect(verifyChain(s.pending(10), { expectPrev: null }).ok).toBe(true);
  });

  it("refuses new events when full instead of dropping old ones", () => {
    const s = fresh({ maxBytes: 600 });
    let appended = 0;
    expect(() => {
      for (let i = 0; i < 100; i++) {
        s.append(ev(i));
        appended++;
      }
    }).toThrow(SpoolFullError);
    expect(s.stats().full).toBe(true);
    expect(s.pending(1000)).toHaveLength(appended);
    s.ack(s.pending(1000).map((e) => e.seq));
    expect(s.append(ev(999)).seq).toBe(appended + 1);
  });
});

import { describe, expect, it } from "vitest";
import { chainSnapshots, verifySnapshotChain } from "./snapshot-chain";

const snap = (seq: number, day: string, status = "pass") => ({
  orgId: "o",
  seq,
  day,
  controlId: "soc2.CC6.1",
  status,
  population: 3,
  exceptionCount: status === "pass" ? 0 : 1,
  numbers: { exceptions: status === "pass" ? 0 : 1 },
});

describe("compliance history chain", () => {
  const chain = chainSnapshots(null, [snap(1, "2026-03-13"), snap(2, "2026-03-14", "fail"), snap(3, "2026-03-15")]);

  it("verifies an untouched history", () => {
    expect(verifySnapshotChain(chain)).toBeNull();
  });

  it("names an edited day, a removed one and a rewritten tail", () => {
    const edited = chain.map((s) => (s.seq === 2 ? { ...s, status: "pass", exceptionCount: 0 } : s));
    expect(verifySnapshotChain(edited)?.message).toBe("snapshot #2 (2026-03-14 soc2.CC6.1) was edited");
    expect(verifySnapshotChain(chain.filter((s) => s.seq !== 2))?.message).toBe("snapshot #3 follows #1 (1 removed)");
    // Re-hashing the edited row alone still breaks the next link.
    const rehashed = [chain[0]!, ...chainSnapshots(chain[0]!.hash, [{ ...snap(2, "2026-03-14", "pass") }]), chain[2]!];
    expect(verifySnapshotChain(rehashed)?.message).toBe(
      "snapshot #3 does not link to the one before it (inserted or rewritten)",
    );
  });
});

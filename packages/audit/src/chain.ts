import { canonicalizeExcept, sha256Hex } from "@luminous/crypto";
import { GENESIS_HASH, type TChainedEvent, type TEventInput } from "./schema";

export interface ChainLink {
  seq: number;
  hash: string;
}

export type ChainProblem = "hash_mismatch" | "prev_mismatch" | "seq_gap" | "seq_duplicate" | "seq_regress";

export type ChainResult =
  | { ok: true; count: number; last?: ChainLink }
  | {
      ok: false;
      /** Position in the array handed to verifyChain. */
      index: number;
      seq: number;
      problem: ChainProblem;
      expected: string;
      actual: string;
      message: string;
    };

export interface VerifyChainOptions {
  /**
   * The link the first event must follow. `null`: the events must start the chain (seq 1,
   * genesis). Omitted: the first event is trusted as the anchor of a window, unless it is seq 1,
   * which must always follow genesis.
   */
  expectPrev?: ChainLink | null;
}

/** SHA-256 over the canonical JSON of everything but `hash` (so `prevHash` and `seq` are covered). */
export function eventHash(event: Omit<TChainedEvent, "hash">): string {
  return sha256Hex(eventCanonical(event));
}

/** The canonical JSON an event's hash covers: everything but `hash`. */
export function eventCanonical(event: Omit<TChainedEvent, "hash">): string {
  return canonicalizeExcept(event, "hash");
}

export function appendToChain(prev: ChainLink | null, input: TEventInput): TChainedEvent {
  const body = { ...input, seq: prev ? prev.seq + 1 : 1, prevHash: prev ? prev.hash : GENESIS_HASH };
  return { ...body, hash: eventHash(body) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Checks every event, in array order, and reports the first break. */
export function verifyChain(events: TChainedEvent[], opts: VerifyChainOptions = {}): ChainResult {
  let prev: ChainLink | null = opts.expectPrev === undefined ? null : opts.expectPrev;
  const anchorOnFirst = opts.expectPrev === undefined;
  const seen = new Set<number>(prev ? [prev.seq] : []);
  const positions = new Map<number, number>();
  events.forEach((e, i) => {
    if (!positions.has(e.seq)) positions.set(e.seq, i);
  });

  for (const [index, event] of events.entries()) {
    const fail = (problem: ChainProblem, expected: string, actual: string, message: string): ChainResult => ({
      ok: false,
      index,
      seq: event.seq,
      problem,
      expected,
      actual,
      message,
    });

    const recomputed = eventHash(event);
    if (recomputed !== event.hash) {
      return fail(
        "hash_mismatch",
        recomputed,
        event.hash,
        `event seq ${event.seq}: stored hash does not match its content (edited?)`,
      );
    }

    const isWindowStart = index === 0 && anchorOnFirst && event.seq !== 1;
    if (!isWindowStart) {
      const expectedSeq = prev ? prev.seq + 1 : 1;
      if (event.seq < expectedSeq) {
        return seen.has(event.seq)
          ? fail(
              "seq_duplicate",
              String(expectedSeq),
              String(event.seq),
              `event seq ${event.seq} appears twice (replayed or duplicated?)`,
            )
          : fail(
              "seq_regress",
              String(expectedSeq),
              String(event.seq),
              `event seq ${event.seq} follows ${prev?.seq ?? "the start"}: sequence goes backwards (reordered?)`,
            );
      }
      if (event.seq > expectedSeq) {
        const missingLater = (positions.get(expectedSeq) ?? -1) > index;
        if (missingLater) {
          return fail(
            "seq_regress",
            String(expectedSeq),
            String(event.seq),
            `event seq ${event.seq} comes before seq ${expectedSeq} (events reordered?)`,
          );
        }
        const missing = event.seq - expectedSeq;
        const after = prev ? `follows ${prev.seq}` : "starts the chain";
        return fail(
          "seq_gap",
          String(expectedSeq),
          String(event.seq),
          `gap: seq ${event.seq} ${after} (${plural(missing, "event")} missing)`,
        );
      }
      const expectedPrev = prev ? prev.hash : GENESIS_HASH;
      if (event.prevHash !== expectedPrev) {
        return fail(
          "prev_mismatch",
          expectedPrev,
          event.prevHash,
          `event seq ${event.seq}: previous-hash link broken (event before it deleted or inserted?)`,
        );
      }
    }

    seen.add(event.seq);
    prev = { seq: event.seq, hash: event.hash };
  }

  return prev && events.length > 0
    ? { ok: true, count: events.length, last: { seq: prev.seq, hash: prev.hash } }
    : { ok: true, count: events.length };
}

import {
  eventCanonical,
  findNul,
  GENESIS_HASH,
  issueFields,
  laneOf,
  makeChainedEventSchema,
  NUL_MESSAGE,
  type TChainedEvent,
} from "@luminous/audit";
import { sha256Hex } from "@luminous/crypto";
import { type AuditRow, appendAuditEvents, appendAuditEventsByCopy } from "../audit/append-events";
import { db } from "../db";
import { AppError, type FieldError } from "../http/errors";
import { observeIngest } from "../metrics/observe-ingest";
import { agentEventRow, type DeviceRef } from "./event-row";
import { INGEST } from "./limits";
import { type PgTx, withPgTransaction } from "./pg-transaction";

export interface IngestDevice extends DeviceRef {
  orgId: string;
}

export interface Rejection {
  /** Position in the batch. */
  index: number;
  /** The event's seq when it had a readable one. */
  seq: number | null;
  reason: "invalid" | "hash_mismatch" | "forged_seq" | "duplicate_in_batch";
  message: string;
  fields?: { path: string; message: string }[];
}

export interface IngestResult {
  /** Every seq now stored (newly, or by an earlier delivery of the same event): the agent may delete these. */
  stored: number[];
  /** The subset of `stored` that was already there (a retried batch). */
  duplicates: number[];
  /** Refused for good, with reasons; the agent drops them too (the console has recorded them). */
  rejected: Rejection[];
  /** Integrity findings recorded for admins (gaps, broken chain, forged seqs, refused events). */
  integrity: { type: string; message: string }[];
}

const ZBatch = {
  parse(body: unknown): unknown[] {
    const events = (body as { events?: unknown } | null)?.events;
    if (typeof body !== "object" || body === null || Array.isArray(body) || !Array.isArray(events)) {
      throw new AppError("validation", "Body must be an object with an array `events`", {
        fields: [{ path: "events", message: "must be an array of events" }],
      });
    }
    if (events.length > INGEST.maxEventsPerBatch) {
      throw new AppError("too_large", `A batch may hold at most ${INGEST.maxEventsPerBatch} events`);
    }
    return events;
  },
};

function seqOf(raw: unknown): number | null {
  const s = (raw as { seq?: unknown } | null)?.seq;
  return typeof s === "number" && Number.isSafeInteger(s) && s >= 1 ? s : null;
}

interface Checked {
  valid: { index: number; event: TChainedEvent }[];
  rejected: Rejection[];
}

// One schema for every batch (zod compiles a schema's checks on first use: building one per
// batch redid that work on every request); its clock is the batch's `now`, set before each check.
let checkClock = new Date();
const chainedEventSchema = makeChainedEventSchema(() => checkClock);

/**
 * Each event on its own: nesting (found on the raw text, before anything recursive walks it),
 * schema (strict, bounded, sane timestamps), then its own hash.
 */
function checkEach(events: unknown[], now: Date, tooDeep: ReadonlyMap<number, FieldError>): Checked {
  checkClock = now;
  const valid: Checked["valid"] = [];
  const rejected: Rejection[] = [];
  const bySeq = new Map<number, string>();
  events.forEach((raw, index) => {
    const seq = seqOf(raw);
    const deep = tooDeep.get(index);
    if (deep) {
      rejected.push({ index, seq, reason: "invalid", message: `${deep.path}: ${deep.message}`, fields: [deep] });
      return;
    }
    const r = chainedEventSchema.safeParse(raw);
    if (!r.success) {
      // Field names and messages end up in the stored refusal: a NUL in them is written as \u0000.
      const fields = issueFields(r.error.issues);
      rejected.push({
        index,
        seq,
        reason: "invalid",
        message: fields.map((f) => `${f.path}: ${f.message}`).join("; "),
        fields,
      });
      return;
    }
    const event = r.data;
    // The event's canonical JSON is what its hash covers (eventHash in @luminous/audit).
    const canonical = eventCanonical(event);
    if (canonical.includes("\\u0000")) {
      const path = findNul(event);
      if (path !== null) {
        rejected.push({
          index,
          seq,
          reason: "invalid",
          message: `${path}: ${NUL_MESSAGE}`,
          fields: [{ path, message: NUL_MESSAGE }],
        });
        return;
      }
    }
    if (sha256Hex(canonical) !== event.hash) {
      rejected.push({ index, seq, reason: "hash_mismatch", message: "hash does not match the event's content" });
      return;
    }
    const seen = bySeq.get(event.seq);
    if (seen !== undefined) {
      if (seen !== event.hash) {
        rejected.push({
          index,
          seq,
          reason: "duplicate_in_batch",
          message: `seq ${event.seq} appears twice in the batch with different content`,
        });
      }
      return; // the same event twice in one batch: stored once
    }
    bySeq.set(event.seq, event.hash);
    valid.push({ index, event });
  });
  return { valid, rejected };
}

function integrityRow(device: IngestDevice, type: string, message: string, data: Record<string, unknown>): AuditRow {
  return {
    ts: new Date(),
    category: "integrity",
    type,
    action: type,
    outcome: "failure",
    actorType: "device",
    actorId: device.id,
    actorLabel: device.hostname,
    deviceId: device.id,
    data: { message, ...data },
  };
}

/**
 * A Postgres array literal of values that never need quoting: integers, lowercase hex, UUIDs and
 * ISO timestamps. Cheaper than letting pg quote and escape each element of an array parameter.
 */
function arrayLiteral(values: string[]): string {
  return `{${values.join(",")}}`;
}

/** Locks the device's key space for this transaction: concurrent deliveries of one device serialise here. */
async function lockDevice(tx: PgTx, deviceId: string) {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 7310))", [deviceId]);
}

async function storedKeys(tx: PgTx, deviceId: string, seqs: number[]): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  let lo = seqs[0]!;
  let hi = lo;
  for (const s of seqs) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  // A batch is normally a run of consecutive seqs: one range scan of the key index instead of a
  // probe per seq. A scattered batch would make the range cover stored keys it does not need.
  const { rows } =
    hi - lo < seqs.length * 2
      ? await tx.query<{ seq: string; hash: string }>(
          `SELECT "seq", "hash" FROM "AgentEventKey" WHERE "deviceId" = $1::uuid AND "seq" BETWEEN $2 AND $3`,
          [deviceId, lo, hi],
        )
      : await tx.query<{ seq: string; hash: string }>(
          `SELECT "seq", "hash" FROM "AgentEventKey" WHERE "deviceId" = $1::uuid AND "seq" = ANY($2::bigint[])`,
          [deviceId, seqs.map(String)],
        );
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

async function highestBelow(tx: PgTx, deviceId: string, seq: number): Promise<number> {
  const { rows } = await tx.query<{ max: string | null }>(
    `SELECT max("seq") AS max FROM "AgentEventKey" WHERE "deviceId" = $1::uuid AND "seq" < $2`,
    [deviceId, seq],
  );
  return rows[0]?.max ? Number(rows[0].max) : 0;
}

/**
 * Stores a batch of chained events from one device, idempotently on (device, seq): an event
 * already stored with the same hash is acknowledged again and stored nothing twice; a different
 * event under a used seq is a forgery, refused and recorded. A gap or a broken link in the device
 * chain is stored as an integrity event (and the event itself is kept). Invalid events are refused
 * one by one with reasons while the valid ones are stored; `tooDeep` names the events the body
 * reader found nesting past the shared limit (they are refused without being walked). Everything commits in one transaction,
 * so the answer (sent after it) acknowledges only what is durable.
 */
export async function ingestEvents(
  device: IngestDevice,
  body: unknown,
  opts: { requestId: string | null; now?: Date; tooDeep?: ReadonlyMap<number, FieldError> } = { requestId: null },
): Promise<IngestResult> {
  const events = ZBatch.parse(body);
  const now = opts.now ?? new Date();
  const { valid, rejected } = checkEach(events, now, opts.tooDeep ?? new Map());

  const started = performance.now();
  const result = await withPgTransaction(async (tx) => {
    await lockDevice(tx, device.id);
    const seqs = valid.map((v) => v.event.seq);
    const lookup = [...new Set(seqs.flatMap((s) => (s > 1 ? [s, s - 1] : [s])))];
    const known = await storedKeys(tx, device.id, lookup);

    const duplicates: number[] = [];
    const fresh: TChainedEvent[] = [];
    const integrity: AuditRow[] = [];
    const findings: IngestResult["integrity"] = [];
    const note = (type: string, message: string, data: Record<string, unknown>) => {
      integrity.push(integrityRow(device, type, message, data));
      findings.push({ type, message });
    };

    for (const { index, event } of valid) {
      const have = known.get(event.seq);
      if (have === undefined) fresh.push(event);
      else if (have === event.hash) duplicates.push(event.seq);
      else {
        const message = `seq ${event.seq} is already stored with different content (forged or replayed event refused)`;
        rejected.push({ index, seq: event.seq, reason: "forged_seq", message });
        note("integrity_forged_seq", message, { seq: event.seq, storedHash: have, offeredHash: event.hash });
      }
    }

    fresh.sort((a, b) => a.seq - b.seq);
    const linked = new Map(known);
    for (const e of fresh) {
      const prevHash = e.seq === 1 ? GENESIS_HASH : linked.get(e.seq - 1);
      if (prevHash === undefined) {
        const below = await highestBelow(tx, device.id, e.seq);
        const from = Math.max(below, ...[...linked.keys()].filter((s) => s < e.seq)) + 1;
        const missing = e.seq - from;
        note(
          "integrity_gap",
          `gap in the device chain: seq ${from}${missing > 1 ? `..${e.seq - 1}` : ""} missing before seq ${e.seq} (${missing} event${missing === 1 ? "" : "s"})`,
          { seq: e.seq, missingFrom: from, missingTo: e.seq - 1 },
        );
      } else if (prevHash !== e.prevHash) {
        note(
          "integrity_chain_break",
          `device chain broken at seq ${e.seq}: previous-hash does not match seq ${e.seq - 1}`,
          {
            seq: e.seq,
            expectedPrevHash: prevHash,
            prevHash: e.prevHash,
          },
        );
      }
      linked.set(e.seq, e.hash);
    }

    const refused = rejected.filter((r) => r.reason !== "forged_seq");
    if (refused.length > 0) {
      const message = `${refused.length} event${refused.length === 1 ? "" : "s"} refused at ingestion: ${refused[0]!.message}${refused.length > 1 ? " (and more)" : ""}`;
      note("integrity_rejected", message, {
        rejected: refused.slice(0, INGEST.maxRejectionsDetailed),
        count: refused.length,
      });
    }

    const rows = fresh.map((e) => agentEventRow(device, e, opts.requestId));
    if (fresh.length > 0) {
      await tx.query(
        `INSERT INTO "AgentEventKey" ("deviceId", "seq", "hash", "eventId", "ts")
           SELECT $1::uuid, u.s, u.h, u.i, u.t FROM unnest($2::bigint[], $3::text[], $4::uuid[], $5::timestamptz[]) AS u(s, h, i, t)`,
        [
          device.id,
          arrayLiteral(fresh.map((e) => String(e.seq))),
          arrayLiteral(fresh.map((e) => e.hash)),
          arrayLiteral(rows.map((r) => r.id)),
          arrayLiteral(rows.map((r) => r.ts)),
        ],
      );
    }
    await appendAuditEventsByCopy(tx, device.orgId, [...rows, ...integrity], laneOf(device.id));
    return {
      stored: [...fresh.map((e) => e.seq), ...duplicates].sort((a, b) => a - b),
      duplicates: duplicates.sort((a, b) => a - b),
      rejected: rejected.sort((a, b) => a.index - b.index),
      integrity: findings,
    };
  });
  observeIngest(valid, result, (performance.now() - started) / 1000);
  return result;
}

/** A batch refused as a whole (malformed JSON, not a batch): recorded for admins, then refused. */
export async function recordRefusedBatch(device: IngestDevice, error: AppError): Promise<void> {
  await db().$transaction((tx) =>
    appendAuditEvents(
      tx,
      device.orgId,
      [
        integrityRow(device, "integrity_rejected", `batch refused at ingestion: ${error.message}`, {
          code: error.code,
          fields: error.extra.fields ?? [],
        }),
      ],
      laneOf(device.id),
    ),
  );
}

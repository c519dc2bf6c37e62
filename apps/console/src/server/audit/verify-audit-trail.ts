import {
  AUDIT_LANES,
  CHECKPOINT_INTERVAL_SECONDS,
  coverageLimitSeconds,
  eventHash,
  GENESIS_HASH,
  type ServerChainRow,
  type SignedCheckpoint,
  type TCheckpointExport,
  verifyCheckpoint,
  verifyServerChain,
} from "@luminous/audit";
import { canonicalize, sha256Hex } from "@luminous/crypto";
import type { PrismaClient } from "@luminous/db";
import { columnsEdited, eventFromRow } from "../ingest/event-row";
import { type AuditRow, contentOf } from "./append-events";
import { checkLaneCheckpoints, checkWitnessed, type LaneWindow } from "./check-lane-checkpoints";
import { laneCheckpoints, orgPublicKeys } from "./lane-checkpoints";

export interface VerifyProblem {
  problem: string;
  /** The AuditEvent id the problem is reported at (null: at the end of the chain). */
  eventId: string | null;
  /** The chain lane it is in, and the position there. */
  lane: number;
  serverSeq: number | null;
  message: string;
}

export interface VerifyReport {
  orgId: string;
  ok: boolean;
  /** Rows checked. */
  count: number;
  checkpointsVerified: number;
  /** How many rows retention removed before the verified window (0: from the beginning), in all lanes. */
  startsAfter: number;
  /** The same per lane that has a window (lane -> server seq it starts after). */
  startsAfterByLane: Record<string, number>;
  /** Device-chain gaps and breaks recorded at ingestion (reported by the device, not tampering). */
  knownDeviceIssues: number;
  problems: VerifyProblem[];
  checkedAt: string;
  /**
   * The detection window: per lane, the events no signed checkpoint covers yet. A change to them
   * is detected only once a checkpoint (or a witness of one) covers them.
   */
  window: { intervalSeconds: number; coverageLimitSeconds: number; lanes: LaneWindow[] };
  /** With a witness file: where it came from and how many of its checkpoints were checked. */
  witness?: { source: string; checked: number };
}

const CHUNK = 20_000;

export interface Row extends ServerChainRow {
  lane: number;
  serverSeq: bigint;
  ts: Date;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  subject: string | null;
  command: string | null;
  packages: string[];
  services: string[];
  data: unknown;
  prevHash: string | null;
  seq: bigint | null;
}

/** Why a row's content no longer matches its stored hash, or null when it does. */
export function contentProblem(r: Row): string | null {
  if (r.category === "agent" && r.seq !== null) {
    const e = eventFromRow(r);
    if (!e) return "agent event without its signed content";
    if (eventHash(e) !== r.hash) return "content does not match the device's hash (edited)";
    const cols = columnsEdited(r, e);
    return cols.length ? `columns edited: ${cols.join(", ")}` : null;
  }
  const hash = sha256Hex(canonicalize(contentOf(r as unknown as AuditRow)));
  return hash === r.hash ? null : "content does not match its hash (edited)";
}

/** Seqs at which a device gap or break was recorded at ingestion, per device. */
async function knownDeviceBreaks(prisma: PrismaClient, orgId: string): Promise<Map<string, Set<number>>> {
  const rows = await prisma.auditEvent.findMany({
    where: { orgId, category: "integrity", type: { in: ["integrity_gap", "integrity_chain_break"] } },
    select: { deviceId: true, data: true },
  });
  const out = new Map<string, Set<number>>();
  for (const r of rows) {
    const seq = (r.data as { seq?: unknown } | null)?.seq;
    if (!r.deviceId || typeof seq !== "number") continue;
    const s = out.get(r.deviceId) ?? new Set<number>();
    s.add(seq);
    out.set(r.deviceId, s);
  }
  return out;
}

/** The lanes an org has rows, a head or checkpoints in (a loose scan of the (orgId, lane, serverSeq) index). */
async function lanesOf(prisma: PrismaClient, orgId: string): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ lane: number }[]>`
    WITH RECURSIVE l AS (
      SELECT (SELECT min("lane") FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid) AS lane
      UNION ALL
      SELECT (SELECT min("lane") FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" > l.lane) FROM l WHERE l.lane IS NOT NULL
    )
    SELECT lane::int AS lane FROM l WHERE lane IS NOT NULL
    UNION SELECT "lane"::int FROM "AuditChainHead" WHERE "orgId" = ${orgId}::uuid
    UNION SELECT "lane"::int FROM "ChainCheckpoint" WHERE "orgId" = ${orgId}::uuid
    ORDER BY 1`;
  return rows.map((r) => Number(r.lane));
}

interface LaneState {
  add: (p: VerifyProblem) => void;
  problemCount: () => number;
  known: Map<string, Set<number>>;
  deviceHeads: Map<string, { seq: number; hash: string }>;
  publicKeysById: Record<string, string>;
}

/** Walks one lane of the org chain in serverSeq order; returns rows checked, checkpoints verified, where it starts. */
async function verifyLane(
  prisma: PrismaClient,
  orgId: string,
  lane: number,
  checkpoints: SignedCheckpoint[],
  st: LaneState,
  /** Verify only the rows after this link (the worker, from the lane's last checkpoint). */
  from?: { serverHash: string; count: number },
): Promise<{ count: number; checkpointsVerified: number; startsAfter: number; knownDeviceIssues: number }> {
  const { add, known, deviceHeads, publicKeysById } = st;
  const at = (seq: number | bigint | null) => (seq === null ? null : Number(seq));
  if (lane < 0 || lane >= AUDIT_LANES) {
    const [row] = await prisma.$queryRaw<{ id: string; serverSeq: bigint }[]>`
      SELECT "id", "serverSeq" FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} ORDER BY "serverSeq" LIMIT 1`;
    add({
      problem: "row_inserted",
      eventId: row?.id ?? null,
      lane,
      serverSeq: at(row?.serverSeq ?? null),
      message: `rows in chain lane ${lane}, which the console never writes (lanes are 0..${AUDIT_LANES - 1}): inserted directly`,
    });
    return { count: 0, checkpointsVerified: 0, startsAfter: 0, knownDeviceIssues: 0 };
  }
  const before = st.problemCount();

  // After retention the lane starts after a kept checkpoint: that signed link anchors the window.
  const first = await prisma.auditEvent.findFirst({
    where: { orgId, lane },
    orderBy: { serverSeq: "asc" },
    select: { serverSeq: true },
  });
  let start: { serverHash: string; count: number } | undefined = from;
  if (!from && first && first.serverSeq > 1n) {
    const anchor = checkpoints.find((c) => c.payload.count === Number(first.serverSeq) - 1);
    if (anchor && verifyCheckpoint(anchor, publicKeysById) && anchor.payload.orgId === orgId) {
      start = { serverHash: anchor.payload.lastServerHash, count: anchor.payload.count };
    } else if (anchor) {
      add({
        problem: "checkpoint_signature",
        eventId: null,
        lane,
        serverSeq: anchor.payload.count,
        message: `the checkpoint lane ${lane} starts after (server seq ${anchor.payload.count}) has an invalid signature`,
      });
    } else {
      add({
        problem: "row_deleted",
        eventId: null,
        lane,
        serverSeq: 1,
        message: `lane ${lane} starts at server seq ${first.serverSeq} with no signed checkpoint before it (${Number(first.serverSeq) - 1} rows deleted at the start?)`,
      });
    }
  }

  let knownDeviceIssues = 0;
  let prev = start ?? { serverHash: GENESIS_HASH, count: 0 };
  let after = start ? BigInt(start.count) : 0n;
  let count = 0;
  let checkpointsVerified = 0;
  let chainBroken = st.problemCount() > before;

  for (;;) {
    const rows = await prisma.$queryRaw<Row[]>`
      SELECT "id", "ts", "receivedAt", "category", "type", "action", "outcome", "actorType", "actorId", "actorLabel",
             "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent", "sessionId", "deviceId",
             "seq", "subject", "command", "packages", "services", "data", "prevHash", "hash", "lane", "serverSeq", "serverHash"
      FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" > ${after}
      ORDER BY "serverSeq" LIMIT ${CHUNK}`;
    if (rows.length === 0) break;
    const lastSeq = Number(rows.at(-1)!.serverSeq);
    if (!chainBroken) {
      const inChunk = checkpoints.filter((c) => c.payload.count > prev.count && c.payload.count <= lastSeq);
      const r = verifyServerChain(rows, { start: prev, checkpoints: inChunk, publicKeysById, orgId, lane });
      if (!r.ok) {
        chainBroken = true;
        const row = r.id ? rows.find((x) => x.id === r.id) : undefined;
        add({
          problem: r.problem,
          eventId: r.id,
          lane,
          serverSeq: row ? Number(row.serverSeq) : null,
          message: lane === 0 ? r.message : `lane ${lane}: ${r.message}`,
        });
      } else checkpointsVerified += r.checkpointsVerified;
    }
    for (const row of rows) {
      const why = contentProblem(row);
      if (why) {
        add({
          problem: "hash_mismatch",
          eventId: row.id,
          lane,
          serverSeq: Number(row.serverSeq),
          message: `row ${row.id} (lane ${lane}, server seq ${row.serverSeq}, ${row.type}): ${why}`,
        });
      }
      if (row.category === "agent" && row.deviceId && row.seq !== null && row.prevHash && row.hash) {
        const seq = Number(row.seq);
        const head = deviceHeads.get(row.deviceId);
        const recorded = known.get(row.deviceId)?.has(seq) ?? false;
        const linked = head
          ? seq === head.seq + 1 && row.prevHash === head.hash
          : start
            ? true // window after retention: the device's first kept event is its anchor
            : seq === 1 && row.prevHash === GENESIS_HASH;
        if (!linked) {
          if (recorded || (head && seq < head.seq)) knownDeviceIssues += recorded ? 1 : 0;
          else {
            const expected = head ? head.seq + 1 : 1;
            add({
              problem: seq > expected ? "device_seq_gap" : "device_chain_break",
              eventId: row.id,
              lane,
              serverSeq: Number(row.serverSeq),
              message:
                seq > expected
                  ? `device ${row.deviceId}: seq ${expected}${seq - 1 > expected ? `..${seq - 1}` : ""} missing before seq ${seq}, not reported at ingestion (agent events deleted)`
                  : `device ${row.deviceId}: seq ${seq} does not link to seq ${seq - 1} (agent event inserted or edited)`,
            });
          }
        }
        if (!head || seq > head.seq) deviceHeads.set(row.deviceId, { seq, hash: row.hash });
      }
    }
    count += rows.length;
    const last = rows.at(-1)!;
    prev = { serverHash: last.serverHash, count: lastSeq };
    after = last.serverSeq;
  }

  if (!chainBroken) {
    const beyond = checkpoints.filter((c) => c.payload.count > prev.count);
    if (beyond.length) {
      const r = verifyServerChain([], { start: prev, checkpoints: beyond, publicKeysById, orgId, lane });
      if (!r.ok)
        add({
          problem: r.problem,
          eventId: null,
          lane,
          serverSeq: null,
          message: lane === 0 ? r.message : `lane ${lane}: ${r.message}`,
        });
    }
  }
  return { count, checkpointsVerified, startsAfter: start?.count ?? 0, knownDeviceIssues };
}

/**
 * Verifies an org's audit trail: each lane of the org chain over every stored row (edited,
 * deleted, inserted, reordered rows; truncation and rewritten history against the signed
 * checkpoints), each row's content against its hash (and an agent row's columns against the event
 * the device signed), and each device's chain (seq and previous-hash links). Rows are streamed in
 * chunks, so memory stays flat whatever the size. Gaps the devices themselves caused were recorded
 * at ingestion and are counted, not reported as tampering.
 */
export async function verifyAuditTrail(
  prisma: PrismaClient,
  orgId: string,
  opts: {
    maxProblems?: number;
    /** The worker's checkpoint interval (AUDIT_CHECKPOINT_SECONDS). */
    checkpointSeconds?: number;
    /** Checkpoints kept outside the database to check the trail against (audit:verify --witness). */
    witness?: TCheckpointExport;
    now?: Date;
  } = {},
): Promise<VerifyReport> {
  const intervalSeconds = opts.checkpointSeconds ?? CHECKPOINT_INTERVAL_SECONDS;
  const now = opts.now ?? new Date();
  const windows: LaneWindow[] = [];
  let witnessChecked = 0;
  const maxProblems = opts.maxProblems ?? 20;
  const problems: VerifyProblem[] = [];
  const add = (p: VerifyProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };

  const publicKeysById = await orgPublicKeys(prisma, orgId);
  const storedByLane = await laneCheckpoints(prisma, orgId);
  const lanes = await lanesOf(prisma, orgId);
  if (opts.witness) {
    if (opts.witness.orgId !== orgId) {
      add({
        problem: "witness_invalid",
        eventId: null,
        lane: 0,
        serverSeq: null,
        message: `the witness file is for org ${opts.witness.orgId}, not this one`,
      });
    }
    for (const cp of opts.witness.checkpoints) {
      const lane = cp.payload.lane ?? 0;
      if (!lanes.includes(lane) && lane >= 0 && lane < AUDIT_LANES) lanes.push(lane);
    }
    lanes.sort((a, b) => a - b);
  }
  const st: LaneState = {
    add,
    problemCount: () => problems.length,
    known: await knownDeviceBreaks(prisma, orgId),
    deviceHeads: new Map(),
    publicKeysById,
  };
  let count = 0;
  let checkpointsVerified = 0;
  let knownDeviceIssues = 0;
  const startsAfter: Record<string, number> = {};
  for (const lane of lanes) {
    // Ordered by what they cover, as the rows are walked.
    const checkpoints: SignedCheckpoint[] = (storedByLane.get(lane) ?? [])
      .map((c) => c.cp)
      .sort((a, b) => a.payload.count - b.payload.count);
    const r = await verifyLane(prisma, orgId, lane, checkpoints, st);
    if (lane >= 0 && lane < AUDIT_LANES) {
      const stored = storedByLane.get(lane) ?? [];
      const c = await checkLaneCheckpoints(prisma, orgId, lane, stored, {
        publicKeysById,
        startsAfter: r.startsAfter,
        intervalSeconds,
        now,
      });
      for (const p of c.problems) add(p);
      windows.push(c.window);
      if (opts.witness) {
        const w = await checkWitnessed(
          prisma,
          orgId,
          lane,
          opts.witness.checkpoints.filter((cp) => (cp.payload.lane ?? 0) === lane),
          stored,
          {
            publicKeysById: opts.witness.keys ?? publicKeysById,
            startsAfter: r.startsAfter,
            source: opts.witness.source,
          },
        );
        for (const p of w.problems) add(p);
        witnessChecked += w.checked;
      }
    }
    count += r.count;
    checkpointsVerified += r.checkpointsVerified;
    knownDeviceIssues += r.knownDeviceIssues;
    if (r.startsAfter) startsAfter[lane] = r.startsAfter;
  }

  return {
    orgId,
    ok: problems.length === 0,
    count,
    checkpointsVerified,
    startsAfter: Object.values(startsAfter).reduce((a, b) => a + b, 0),
    startsAfterByLane: startsAfter,
    knownDeviceIssues,
    problems,
    checkedAt: now.toISOString(),
    window: { intervalSeconds, coverageLimitSeconds: coverageLimitSeconds(intervalSeconds), lanes: windows },
    ...(opts.witness ? { witness: { source: opts.witness.source, checked: witnessChecked } } : {}),
  };
}

/**
 * Verifies one lane's rows after `from` (the lane's last checkpoint; undefined: from the start):
 * server chain links, each row's content, device chains within the window. The worker runs this
 * before it signs the next checkpoint.
 */
export async function verifyLaneSince(
  prisma: PrismaClient,
  orgId: string,
  lane: number,
  from: { serverHash: string; count: number } | undefined,
  maxProblems = 5,
): Promise<VerifyProblem[]> {
  const problems: VerifyProblem[] = [];
  await verifyLane(
    prisma,
    orgId,
    lane,
    [],
    {
      add: (p) => {
        if (problems.length < maxProblems) problems.push(p);
      },
      problemCount: () => problems.length,
      known: await knownDeviceBreaks(prisma, orgId),
      deviceHeads: new Map(),
      publicKeysById: {},
    },
    from,
  );
  return problems;
}

/** Keeps the result for the console's integrity badge. */
export async function saveVerification(prisma: PrismaClient, r: VerifyReport): Promise<void> {
  const p = r.problems[0];
  const data = {
    ok: r.ok,
    checkedAt: new Date(r.checkedAt),
    count: BigInt(r.count),
    checkpointsVerified: r.checkpointsVerified,
    problem: p?.problem ?? null,
    eventId: p?.eventId ?? null,
    message: p?.message ?? null,
    details: JSON.parse(
      JSON.stringify({
        problems: r.problems,
        knownDeviceIssues: r.knownDeviceIssues,
        startsAfter: r.startsAfter,
        window: r.window,
      }),
    ),
  };
  await prisma.auditVerification.upsert({
    where: { orgId: r.orgId },
    create: { orgId: r.orgId, ...data },
    update: data,
  });
}

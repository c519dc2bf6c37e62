import { once } from "node:events";
import { adminEventContent, type StoredAdminRow, serverLinkHash } from "@luminous/audit";
import { canonicalize, sha256Hex, uuidv7 } from "@luminous/crypto";
import type { Prisma } from "@luminous/db";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Tx } from "../db";
import { copyJson, copyText, copyTextArray } from "./copy-rows";

/** One row for the audit table, before the server chain is applied. */
export type AuditRow = Omit<
  Prisma.AuditEventUncheckedCreateInput,
  "id" | "orgId" | "serverSeq" | "serverHash" | "receivedAt" | "hash"
> & { id?: string; hash?: string | null };

const APPEND_SQL = `SELECT append_audit_events($1::uuid, $2::smallint, $3::timestamptz, $4::json) AS "last"`;

/** A text, timestamp or bigint column as append_audit_events() reads it from JSON. */
function scalar(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  return v;
}

/** A jsonb column: Prisma.JsonNull / DbNull mean SQL NULL here (no audit row stores a JSON null). */
function jsonColumn(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  const kind = (v as object).constructor?.name;
  if (kind === "JsonNull" || kind === "DbNull" || kind === "AnyNull") return null;
  return v;
}

/**
 * The object append_audit_events() reads for one row (keys = its column names, plus "n" = the
 * row's place in the batch; see its migration). Built as one literal so every row has the same
 * hidden class, which JSON.stringify serialises on its fast path; adding the 28 keys one by one
 * turned each row into a dictionary-mode object.
 */
function rowObject(row: AuditRow, n: number, id: string, hash: string): Record<string, unknown> {
  return {
    n,
    id,
    ts: scalar(row.ts),
    category: scalar(row.category),
    type: scalar(row.type),
    action: scalar(row.action),
    outcome: scalar(row.outcome),
    actorType: scalar(row.actorType),
    actorId: scalar(row.actorId),
    actorLabel: scalar(row.actorLabel),
    targetType: scalar(row.targetType),
    targetId: scalar(row.targetId),
    targetLabel: scalar(row.targetLabel),
    before: jsonColumn(row.before),
    after: jsonColumn(row.after),
    ip: scalar(row.ip),
    userAgent: scalar(row.userAgent),
    sessionId: scalar(row.sessionId),
    requestId: scalar(row.requestId),
    deviceId: scalar(row.deviceId),
    seq: scalar(row.seq),
    subject: scalar(row.subject),
    command: scalar(row.command),
    packages: row.packages ?? [],
    services: row.services ?? [],
    data: jsonColumn(row.data),
    prevHash: scalar(row.prevHash),
    hash,
  };
}

/**
 * Appends rows to one lane of an org's audit trail inside the caller's transaction (console events:
 * lane 0; a device's events: laneOf(deviceId)). Content hashes are computed here (admin events carry
 * no agent hash); linking happens in Postgres (append_audit_events): it locks the lane's head for
 * the rest of the transaction, so the lane stays linear across console nodes, gives each row its
 * serverSeq and its serverHash = serverLinkHash(previous, row), which is what `audit:verify`
 * recomputes, inserts the rows and moves the head, all in one statement whatever the batch size.
 * Ids are UUIDv7, so the primary key grows at its right edge. (Ingestion, on a pg client, uses
 * appendAuditEventsByCopy.)
 */
export async function appendAuditEvents(
  tx: Tx,
  orgId: string,
  rows: AuditRow[],
  lane = 0,
): Promise<{ id: string; serverSeq: bigint }[]> {
  if (rows.length === 0) return [];
  const receivedAt = new Date();
  const ids: string[] = [];
  const objects = rows.map((row, i) => {
    const id = row.id ?? uuidv7();
    ids.push(id);
    return rowObject(row, i + 1, id, row.hash ?? sha256Hex(canonicalize(contentOf(row))));
  });
  const [r] = await tx.$queryRawUnsafe<{ last: bigint | string | null }[]>(
    APPEND_SQL,
    orgId,
    lane,
    receivedAt.toISOString(),
    JSON.stringify(objects),
  );
  if (r?.last === null || r?.last === undefined) throw new Error("audit append returned no chain position");
  const first = BigInt(r.last) - BigInt(rows.length) + 1n;
  return ids.map((id, i) => ({ id, serverSeq: first + BigInt(i) }));
}

// The lane's head, locked until the end of the transaction (created at the genesis if new). The
// no-op update is what takes the row lock: every writer of the lane queues here, so the lane
// stays one linear chain across console nodes. The same statement starts append_audit_events().
const LOCK_HEAD_SQL = `INSERT INTO "AuditChainHead" AS h ("orgId", "lane", "serverSeq", "hash", "updatedAt")
  VALUES ($1::uuid, $2::smallint, 0, repeat('0', 64), now())
  ON CONFLICT ("orgId", "lane") DO UPDATE SET "updatedAt" = h."updatedAt"
  RETURNING h."serverSeq"::text AS "serverSeq", h."hash"`;
const MOVE_HEAD_SQL = `UPDATE "AuditChainHead" SET "serverSeq" = $3::bigint, "hash" = $4, "updatedAt" = now()
  WHERE "orgId" = $1::uuid AND "lane" = $2::smallint`;
const COPY_SQL = `COPY "AuditEvent" ("id", "ts", "orgId", "receivedAt", "category", "type", "action", "outcome",
  "actorType", "actorId", "actorLabel", "targetType", "targetId", "targetLabel", "before", "after", "ip", "userAgent",
  "sessionId", "requestId", "deviceId", "seq", "subject", "command", "packages", "services", "data", "prevHash", "hash",
  "lane", "serverSeq", "serverHash") FROM STDIN`;

/** A timestamp column's input text (a Date, or an ISO string kept as it is). */
function timestamp(v: unknown): string {
  return v instanceof Date ? v.toISOString() : String(v);
}

/**
 * appendAuditEvents for the ingestion hot path, on a pg client inside its transaction: the same
 * rows, ids, content hashes, lane lock and links as append_audit_events(), but the links are
 * computed here (serverLinkHash, which `audit:verify` recomputes) and the rows reach Postgres
 * through COPY, its cheapest way in. Sending them as JSON made Postgres parse every batch twice.
 */
export async function appendAuditEventsByCopy(
  client: pg.ClientBase,
  orgId: string,
  rows: AuditRow[],
  lane = 0,
): Promise<{ id: string; serverSeq: bigint }[]> {
  if (rows.length === 0) return [];
  const receivedAt = new Date().toISOString();
  // Encoded before the lane is locked, so the lock is held for the COPY and the commit only.
  const pending = rows.map((row) => {
    const id = row.id ?? uuidv7();
    const hash = row.hash ?? sha256Hex(canonicalize(contentOf(row)));
    const seq = row.seq === null || row.seq === undefined ? null : BigInt(row.seq);
    const head =
      `${id}\t${timestamp(row.ts)}\t${orgId}\t${receivedAt}\t${copyText("category", row.category)}\t` +
      `${copyText("type", row.type)}\t${copyText("action", row.action)}\t${copyText("outcome", row.outcome)}\t` +
      `${copyText("actorType", row.actorType)}\t${copyText("actorId", row.actorId)}\t` +
      `${copyText("actorLabel", row.actorLabel)}\t${copyText("targetType", row.targetType)}\t` +
      `${copyText("targetId", row.targetId)}\t${copyText("targetLabel", row.targetLabel)}\t` +
      `${copyJson("before", jsonColumn(row.before))}\t${copyJson("after", jsonColumn(row.after))}\t` +
      `${copyText("ip", row.ip)}\t${copyText("userAgent", row.userAgent)}\t${copyText("sessionId", row.sessionId)}\t` +
      `${copyText("requestId", row.requestId)}\t${copyText("deviceId", row.deviceId)}\t${copyText("seq", seq)}\t` +
      `${copyText("subject", row.subject)}\t${copyText("command", row.command)}\t` +
      `${copyTextArray("packages", (row.packages as string[] | undefined) ?? [])}\t` +
      `${copyTextArray("services", (row.services as string[] | undefined) ?? [])}\t` +
      `${copyJson("data", jsonColumn(row.data))}\t${copyText("prevHash", row.prevHash)}\t${copyText("hash", hash)}\t${lane}\t`;
    return { id, hash, deviceId: row.deviceId ?? null, seq, head };
  });
  const { rows: heads } = await client.query<{ serverSeq: string; hash: string }>(LOCK_HEAD_SQL, [orgId, lane]);
  let serverSeq = BigInt(heads[0]!.serverSeq);
  let prev = heads[0]!.hash;
  let text = "";
  const out: { id: string; serverSeq: bigint }[] = [];
  for (const p of pending) {
    serverSeq += 1n;
    prev = serverLinkHash(prev, { id: p.id, deviceId: p.deviceId, seq: p.seq, hash: p.hash, receivedAt });
    text += `${p.head}${serverSeq}\t${prev}\n`;
    out.push({ id: p.id, serverSeq });
  }
  const copy = client.query(copyFrom(COPY_SQL));
  const done = once(copy, "finish");
  copy.end(text);
  await done;
  await client.query(MOVE_HEAD_SQL, [orgId, lane, serverSeq.toString(), prev]);
  return out;
}

/** The fields of an admin event that its content hash covers (what an auditor would call "the event"). */
export function contentOf(row: AuditRow): Record<string, unknown> {
  return adminEventContent(row as StoredAdminRow);
}

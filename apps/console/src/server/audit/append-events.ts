import { canonicalize, sha256Hex, uuidv7 } from "@luminous/crypto";
import type { Prisma } from "@luminous/db";
import type { Tx } from "../db";

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

/** Runs the append statement on whatever holds the transaction (a Prisma tx, or a pg client). */
export type AppendRunner = (sql: string, params: unknown[]) => Promise<{ last: bigint | string | null }[]>;

/**
 * Appends rows to one lane of an org's audit trail inside the caller's transaction (console events:
 * lane 0; a device's events: laneOf(deviceId)). Content hashes are computed here (admin events carry
 * no agent hash); linking happens in Postgres (append_audit_events): it locks the lane's head for
 * the rest of the transaction, so the lane stays linear across console nodes, gives each row its
 * serverSeq and its serverHash = serverLinkHash(previous, row), which is what `audit:verify`
 * recomputes, inserts the rows and moves the head, all in one statement whatever the batch size.
 * Ids are UUIDv7, so the primary key grows at its right edge.
 */
export async function appendAuditEvents(
  tx: Tx,
  orgId: string,
  rows: AuditRow[],
  lane = 0,
): Promise<{ id: string; serverSeq: bigint }[]> {
  return appendAuditEventsWith((sql, params) => tx.$queryRawUnsafe(sql, ...params), orgId, rows, lane);
}

/** appendAuditEvents on any transaction runner (ingestion uses a pg client: no per-parameter ORM work). */
export async function appendAuditEventsWith(
  run: AppendRunner,
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
  const [r] = await run(APPEND_SQL, [orgId, lane, receivedAt.toISOString(), JSON.stringify(objects)]);
  if (r?.last === null || r?.last === undefined) throw new Error("audit append returned no chain position");
  const first = BigInt(r.last) - BigInt(rows.length) + 1n;
  return ids.map((id, i) => ({ id, serverSeq: first + BigInt(i) }));
}

/** The fields of an admin event that its content hash covers (what an auditor would call "the event"). */
export function contentOf(row: AuditRow): Record<string, unknown> {
  return {
    ts: new Date(row.ts as Date | string).toISOString(),
    category: row.category,
    type: row.type,
    action: row.action ?? null,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId ?? null,
    actorLabel: row.actorLabel ?? null,
    targetType: row.targetType ?? null,
    targetId: row.targetId ?? null,
    targetLabel: row.targetLabel ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    sessionId: row.sessionId ?? null,
    deviceId: row.deviceId ?? null,
    data: row.data ?? null,
  };
}

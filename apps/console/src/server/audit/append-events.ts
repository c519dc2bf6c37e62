import { randomUUID } from "node:crypto";
import { canonicalize, sha256Hex } from "@luminous/crypto";
import type { Prisma } from "@luminous/db";
import type { Tx } from "../db";

/** One row for the audit table, before the server chain is applied. */
export type AuditRow = Omit<
  Prisma.AuditEventUncheckedCreateInput,
  "id" | "orgId" | "serverSeq" | "serverHash" | "receivedAt" | "hash"
> & { id?: string; hash?: string | null };

/** Parameter order of append_audit_events(): one Postgres array per column (see its migration). */
const COLUMNS = [
  ["id", "uuid"],
  ["ts", "timestamptz"],
  ["category", "text"],
  ["type", "text"],
  ["action", "text"],
  ["outcome", "text"],
  ["actorType", "text"],
  ["actorId", "text"],
  ["actorLabel", "text"],
  ["targetType", "text"],
  ["targetId", "text"],
  ["targetLabel", "text"],
  ["before", "jsonb"],
  ["after", "jsonb"],
  ["ip", "text"],
  ["userAgent", "text"],
  ["sessionId", "text"],
  ["requestId", "text"],
  ["deviceId", "uuid"],
  ["seq", "bigint"],
  ["subject", "text"],
  ["command", "text"],
  ["packages", "text"],
  ["services", "text"],
  ["data", "jsonb"],
  ["prevHash", "text"],
  ["hash", "text"],
] as const;

// text[] columns travel as Postgres array literals (unnest cannot take ragged 2-D arrays).
const ARRAY_COLUMNS = new Set(["packages", "services"]);
const APPEND_SQL = `SELECT append_audit_events($1::uuid, $2::timestamptz, ${COLUMNS.map(([, t], i) => `$${i + 3}::${t}[]`).join(", ")}) AS "last"`;

const arrayLiteral = (xs: readonly string[]) =>
  `{${xs.map((x) => `"${x.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

function jsonText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  // Prisma.JsonNull / DbNull mean SQL NULL here (no audit row stores a JSON null).
  const kind = (v as object).constructor?.name;
  if (kind === "JsonNull" || kind === "DbNull" || kind === "AnyNull") return null;
  return JSON.stringify(v);
}

function columnValue(col: string, v: unknown): unknown {
  if (v === undefined || v === null) return ARRAY_COLUMNS.has(col) ? "{}" : null;
  if (ARRAY_COLUMNS.has(col)) return arrayLiteral(v as string[]);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (col === "before" || col === "after" || col === "data") return jsonText(v);
  return v;
}

/** Runs the append statement on whatever holds the transaction (a Prisma tx, or a pg client). */
export type AppendRunner = (sql: string, params: unknown[]) => Promise<{ last: bigint | string | null }[]>;

/**
 * Appends rows to an org's audit trail inside the caller's transaction. Content hashes are
 * computed here (admin events carry no agent hash); linking happens in Postgres
 * (append_audit_events): it locks the org's chain head for the rest of the transaction, so the
 * server chain stays linear across console nodes, gives each row its serverSeq and its
 * serverHash = serverLinkHash(previous, row), which is what `audit:verify` recomputes, inserts the
 * rows and moves the head, all in one statement whatever the batch size.
 */
export async function appendAuditEvents(
  tx: Tx,
  orgId: string,
  rows: AuditRow[],
): Promise<{ id: string; serverSeq: bigint }[]> {
  return appendAuditEventsWith((sql, params) => tx.$queryRawUnsafe(sql, ...params), orgId, rows);
}

/** appendAuditEvents on any transaction runner (ingestion uses a pg client: no per-parameter ORM work). */
export async function appendAuditEventsWith(
  run: AppendRunner,
  orgId: string,
  rows: AuditRow[],
): Promise<{ id: string; serverSeq: bigint }[]> {
  if (rows.length === 0) return [];
  const receivedAt = new Date();
  const columns: unknown[][] = COLUMNS.map(() => []);
  const ids: string[] = [];
  for (const row of rows) {
    const id = row.id ?? randomUUID();
    const full: Record<string, unknown> = { ...row, id, hash: row.hash ?? sha256Hex(canonicalize(contentOf(row))) };
    COLUMNS.forEach(([c], i) => {
      columns[i]!.push(columnValue(c, full[c]));
    });
    ids.push(id);
  }
  const [r] = await run(APPEND_SQL, [orgId, receivedAt.toISOString(), ...columns]);
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

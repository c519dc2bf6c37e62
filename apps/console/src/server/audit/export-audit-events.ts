import { z } from "zod";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { checkRange, ZAuditFilter } from "./audit-filter";
import { auditPage, presentEvent, type TAuditEventView } from "./list-audit-events";
import { recordAuditNow } from "./record-audit";

export const ZExportAuditEvents = ZAuditFilter.extend({
  format: z.enum(["csv", "json", "ndjson"]).default("ndjson"),
});
export type TExportAuditEvents = z.infer<typeof ZExportAuditEvents>;

/** Rows fetched per query: memory stays flat (one page in flight), whatever the export's size. */
const PAGE = 1000;

const CSV_COLUMNS: [string, (e: TAuditEventView) => unknown][] = [
  ["id", (e) => e.id],
  ["ts", (e) => e.ts],
  ["received_at", (e) => e.receivedAt],
  ["category", (e) => e.category],
  ["type", (e) => e.type],
  ["action", (e) => e.action],
  ["outcome", (e) => e.outcome],
  ["actor_type", (e) => e.actor.type],
  ["actor_id", (e) => e.actor.id],
  ["actor", (e) => e.actor.label],
  ["target_type", (e) => e.target?.type],
  ["target_id", (e) => e.target?.id],
  ["target", (e) => e.target?.label],
  ["user", (e) => e.subject],
  ["device_id", (e) => e.deviceId],
  ["seq", (e) => e.seq],
  ["command", (e) => e.command],
  ["packages", (e) => e.packages.join(" ")],
  ["services", (e) => e.services.join(" ")],
  ["decision", (e) => (e.decision as { decision?: string } | null)?.decision],
  ["rule", (e) => (e.decision as { rule?: string } | null)?.rule],
  ["approval", (e) => e.approval && JSON.stringify(e.approval)],
  ["execution", (e) => e.execution && JSON.stringify(e.execution)],
  ["ip", (e) => e.ip],
  ["user_agent", (e) => e.userAgent],
  ["session_id", (e) => e.sessionId],
  ["request_id", (e) => e.requestId],
  ["before", (e) => e.before && JSON.stringify(e.before)],
  ["after", (e) => e.after && JSON.stringify(e.after)],
  ["data", (e) => e.data && JSON.stringify(e.data)],
  ["prev_hash", (e) => e.prevHash],
  ["hash", (e) => e.hash],
  ["lane", (e) => e.lane],
  ["server_seq", (e) => e.serverSeq],
  ["server_hash", (e) => e.serverHash],
];

/** RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula. */
function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const EXT = { csv: "csv", json: "json", ndjson: "ndjson" } as const;
const TYPE = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
} as const;

/**
 * Streams every event matching the filter (newest first) as CSV, JSON or NDJSON. Pages are
 * fetched on demand as the client reads (a pull stream), so the server holds one page at a time.
 * The export itself is recorded in the audit trail before the first byte is sent.
 */
export async function exportAuditEvents(ctx: Ctx, q: TExportAuditEvents): Promise<Response> {
  const { format, ...filter } = q;
  checkRange(filter);
  await requireStepUp(ctx, "audit.export");
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "audit.export",
    outcome: "success",
    data: { format, filter },
  });
  const enc = new TextEncoder();
  let after: { ts: Date; id: string } | undefined;
  let first = true;
  let done = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (format === "csv") controller.enqueue(enc.encode(`${CSV_COLUMNS.map(([h]) => h).join(",")}\r\n`));
        if (format === "json") controller.enqueue(enc.encode("["));
      },
      async pull(controller) {
        if (done) return;
        const rows = await auditPage(ctx.orgId, filter, PAGE, after);
        let out = "";
        for (const row of rows) {
          const e = presentEvent(row);
          if (format === "csv") out += `${CSV_COLUMNS.map(([, get]) => csvCell(get(e))).join(",")}\r\n`;
          else if (format === "ndjson") out += `${JSON.stringify(e)}\n`;
          else {
            out += `${first ? "\n" : ",\n"}${JSON.stringify(e)}`;
            first = false;
          }
        }
        const last = rows.at(-1);
        if (last) after = { ts: last.ts, id: last.id };
        if (rows.length < PAGE) {
          done = true;
          if (format === "json") out += first ? "]\n" : "\n]\n";
        }
        if (out) controller.enqueue(enc.encode(out));
        if (done) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": TYPE[format],
      "content-disposition": `attachment; filename="audit-${stamp}.${EXT[format]}"`,
      "cache-control": "no-store",
    },
  });
}

import { uuidv7 } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { EgressFailure } from "../http/egress-failure";
import type { Ctx } from "../http/guard";
import { loadDestinationForUpdate } from "./load-destination";
import { sendBatch } from "./send-batch";
import { siemMeta } from "./siem-event";

/**
 * "Send test event": one `siem_test` event, sent now in the destination's format through the same
 * path as deliveries, outside the trail and its cursors. The answer says whether it was taken and,
 * if not, the failure class; the attempt is audited either way.
 */
export async function sendSiemTestEvent(ctx: Ctx, id: string) {
  const d = await db().$transaction((tx) => loadDestinationForUpdate(tx, ctx.orgId, id));
  const eventId = uuidv7();
  const started = Date.now();
  let error: { reason: string; message: string } | null = null;
  try {
    await sendBatch(d, [
      {
        event: {
          id: eventId,
          ts: new Date().toISOString(),
          type: "siem_test",
          category: "admin",
          outcome: "success",
          user: ctx.meta.actor.label ?? undefined,
          details: { message: `Test event for destination ${d.name}` },
        },
        meta: siemMeta(),
        lane: 0,
        position: 0n,
      },
    ]);
  } catch (e) {
    const f = e instanceof EgressFailure ? e : null;
    error = { reason: f?.kind ?? "internal", message: f?.message ?? "Sending failed" };
  }
  await db().$transaction((tx) =>
    recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "siem_destination.test",
      outcome: error ? "failure" : "success",
      target: { type: "siem_destination", id: d.id, label: d.name },
      data: { eventId, ...(error ? { reason: error.reason } : {}) },
    }),
  );
  return { ok: error === null, eventId, ms: Date.now() - started, error };
}

import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { auditedSettings } from "./create-destination";
import { loadDestinationForUpdate } from "./load-destination";

export async function deleteSiemDestination(ctx: Ctx, id: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const d = await loadDestinationForUpdate(tx, ctx.orgId, id);
    await tx.siemDestination.delete({ where: { id: d.id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "siem_destination.delete",
      outcome: "success",
      target: { type: "siem_destination", id: d.id, label: d.name },
      before: auditedSettings({
        name: d.name,
        kind: d.kind,
        format: d.format,
        host: d.host,
        port: d.port,
        url: d.url,
        secretEnc: d.secretEnc,
      }),
    });
  });
}

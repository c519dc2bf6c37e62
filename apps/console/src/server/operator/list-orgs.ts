import type { AuditMeta } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";

/** Every organisation with its user and device counts; the listing is audited in each org it shows. */
export async function listOrgs(meta: AuditMeta) {
  const orgs = await db().org.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, slug: true, name: true, createdAt: true, _count: { select: { users: true, devices: true } } },
  });
  await db().$transaction(async (tx) => {
    for (const o of orgs)
      await recordAudit(tx, o.id, meta, {
        action: "org.list",
        outcome: "success",
        target: { type: "org", id: o.id, label: o.slug },
      });
  });
  return orgs.map((o) => ({
    id: o.id,
    slug: o.slug,
    name: o.name,
    createdAt: o.createdAt.toISOString(),
    users: o._count.users,
    devices: o._count.devices,
  }));
}

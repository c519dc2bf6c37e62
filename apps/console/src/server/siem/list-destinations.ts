import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid } from "../policies/load-policy";
import { presentDestination } from "./present-destination";
import { siemLag } from "./siem-lag";

export async function listSiemDestinations(ctx: Ctx) {
  const [rows, lag] = await Promise.all([
    db().siemDestination.findMany({ where: { orgId: ctx.orgId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    siemLag(db(), ctx.orgId),
  ]);
  return { items: rows.map((d) => presentDestination(d, lag.get(d.id))) };
}

export async function getSiemDestination(ctx: Ctx, id: string) {
  const d = isUuid(id) ? await db().siemDestination.findFirst({ where: { id, orgId: ctx.orgId } }) : null;
  if (!d) throw notFound("SIEM destination");
  const lag = await siemLag(db(), ctx.orgId);
  return presentDestination(d, lag.get(d.id));
}

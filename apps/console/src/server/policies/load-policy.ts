import { db, type Tx } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Another org's id is "not found", never "forbidden": existence does not leak. */
export async function loadPolicy(ctx: Ctx, id: string, tx: Tx = db()) {
  const p = isUuid(id) ? await tx.policy.findFirst({ where: { id, orgId: ctx.orgId } }) : null;
  if (!p) throw notFound("Policy");
  return p;
}

export async function loadVersion(ctx: Ctx, policyId: string, number: number, tx: Tx = db()) {
  const v = Number.isInteger(number)
    ? await tx.policyVersion.findFirst({ where: { policyId, orgId: ctx.orgId, number } })
    : null;
  if (!v) throw notFound(`Version ${number}`);
  return v;
}

export function parseVersionNumber(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw notFound("Version");
  return n;
}

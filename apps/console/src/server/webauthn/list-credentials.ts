import { db } from "../db";
import type { Ctx } from "../http/guard";
import { presentCredential } from "./present";

export async function listCredentials(ctx: Ctx) {
  const rows = await db().webAuthnCredential.findMany({
    where: { orgId: ctx.orgId, userId: ctx.principal.userId },
    orderBy: { createdAt: "asc" },
  });
  return { keys: rows.map(presentCredential) };
}

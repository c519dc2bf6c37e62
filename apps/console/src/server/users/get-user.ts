import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentUser } from "./present";

export async function loadUser(ctx: Ctx, id: string) {
  const ok = /^[0-9a-f-]{36}$/i.test(id);
  const u = ok ? await db().user.findFirst({ where: { id, orgId: ctx.orgId } }) : null;
  if (!u) throw notFound("User");
  return u;
}

export async function getUser(ctx: Ctx, id: string) {
  await loadUser(ctx, id);
  const u = await db().user.findFirstOrThrow({
    where: { id, orgId: ctx.orgId },
    include: { memberships: { include: { group: { select: { id: true, name: true } } } } },
  });
  return presentUser(u);
}

import { hashToken, newToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { API_TOKEN_PREFIX } from "../http/authenticate";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import type { TCreateApiToken } from "../profile/schemas";

function present(t: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export async function listMyTokens(ctx: Ctx) {
  const rows = await db().apiToken.findMany({
    where: { orgId: ctx.orgId, userId: ctx.principal.userId },
    orderBy: { createdAt: "desc" },
  });
  return { items: rows.map(present) };
}

/** The token is returned once; only its SHA-256 is stored. It acts with its creator's role. */
export async function createMyToken(ctx: Ctx, input: TCreateApiToken) {
  const token = newToken(API_TOKEN_PREFIX);
  const t = await db().$transaction(async (tx) => {
    const t = await tx.apiToken.create({
      data: {
        orgId: ctx.orgId,
        userId: ctx.principal.userId,
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 14),
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "apitoken.create",
      outcome: "success",
      target: { type: "api_token", id: t.id, label: t.name },
      after: { name: t.name, expiresAt: t.expiresAt?.toISOString() ?? null },
    });
    return t;
  });
  return { token, ...present(t) };
}

export async function revokeMyToken(ctx: Ctx, id: string) {
  const t = /^[0-9a-f-]{36}$/i.test(id)
    ? await db().apiToken.findFirst({ where: { id, orgId: ctx.orgId, userId: ctx.principal.userId } })
    : null;
  if (!t) throw notFound("API token");
  if (t.revokedAt) return present(t);
  const r = await db().$transaction(async (tx) => {
    const r = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "apitoken.revoke",
      outcome: "success",
      target: { type: "api_token", id, label: t.name },
    });
    return r;
  });
  return present(r);
}

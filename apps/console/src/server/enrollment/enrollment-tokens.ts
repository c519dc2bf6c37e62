import type { Prisma } from "@luminous/db";
import { createEnrollmentToken } from "../agent/create-enrollment-token";
import { revokeEnrollmentToken } from "../agent/revoke-enrollment-token";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid } from "../policies/load-policy";
import type { TCreateEnrollmentToken, TListEnrollmentTokens } from "./schemas";

export type TokenStatus = "active" | "expired" | "revoked" | "used_up";

export function tokenStatus(
  t: { revokedAt: Date | null; expiresAt: Date; maxUses: number | null; uses: number },
  now = new Date(),
): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.maxUses !== null && t.uses >= t.maxUses) return "used_up";
  if (t.expiresAt <= now) return "expired";
  return "active";
}

/** The command an admin pastes on a workstation. */
export function enrollCommand(token: string): string {
  return `luminous-agent enroll --server ${new URL(env().PUBLIC_URL).origin} --token ${token}`;
}

type Row = Prisma.EnrollmentTokenGetPayload<object>;

async function present(orgId: string, rows: Row[]) {
  const groupIds = [...new Set(rows.flatMap((r) => (r.groupId ? [r.groupId] : [])))];
  const userIds = [...new Set(rows.flatMap((r) => (r.createdById ? [r.createdById] : [])))];
  const [groups, users] = await Promise.all([
    groupIds.length
      ? db().group.findMany({ where: { orgId, id: { in: groupIds } }, select: { id: true, name: true } })
      : [],
    userIds.length
      ? db().user.findMany({ where: { orgId, id: { in: userIds } }, select: { id: true, email: true } })
      : [],
  ]);
  const g = new Map(groups.map((x) => [x.id, x.name]));
  const u = new Map(users.map((x) => [x.id, x.email]));
  const now = new Date();
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    status: tokenStatus(t, now),
    uses: t.uses,
    maxUses: t.maxUses,
    expiresAt: t.expiresAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
    group: t.groupId ? { id: t.groupId, name: g.get(t.groupId) ?? "deleted group" } : null,
    createdBy: t.createdById ? (u.get(t.createdById) ?? null) : null,
    createdAt: t.createdAt.toISOString(),
  }));
}
export type TEnrollmentTokenView = Awaited<ReturnType<typeof present>>[number];

export async function listEnrollmentTokens(ctx: Ctx, q: TListEnrollmentTokens) {
  const now = new Date();
  const where: Prisma.EnrollmentTokenWhereInput = { orgId: ctx.orgId };
  // "active" is approximate in SQL for used-up tokens (uses >= maxUses compares two columns), so refine after.
  if (q.status === "active") Object.assign(where, { revokedAt: null, expiresAt: { gt: now } });
  const [total, rows] = await Promise.all([
    db().enrollmentToken.count({ where }),
    db().enrollmentToken.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
  ]);
  let items = await present(ctx.orgId, rows);
  if (q.status === "active") items = items.filter((t) => t.status === "active");
  if (q.status === "inactive") items = items.filter((t) => t.status !== "active");
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** Creates a token; the secret is in this answer only (the server keeps its SHA-256). Audited without the secret. */
export async function issueEnrollmentToken(ctx: Ctx, input: TCreateEnrollmentToken) {
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3600_000);
  const out = await db().$transaction(async (tx) => {
    const t = await createEnrollmentToken(tx, ctx.orgId, {
      name: input.name,
      expiresAt,
      maxUses: input.maxUses,
      groupId: input.groupId,
      createdById: ctx.principal.userId,
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "enrollment_token.create",
      outcome: "success",
      target: { type: "enrollment_token", id: t.id, label: input.name },
      after: {
        name: input.name,
        prefix: t.token.slice(0, 12),
        expiresAt: t.expiresAt.toISOString(),
        maxUses: input.maxUses,
        groupId: input.groupId,
      },
    });
    return t;
  });
  const row = await db().enrollmentToken.findFirstOrThrow({ where: { id: out.id, orgId: ctx.orgId } });
  const [view] = await present(ctx.orgId, [row]);
  return { ...view!, token: out.token, command: enrollCommand(out.token) };
}

export async function revokeToken(ctx: Ctx, id: string) {
  if (!isUuid(id)) throw notFound("Enrollment token");
  await db().$transaction(async (tx) => {
    const before = await tx.enrollmentToken.findFirst({ where: { id, orgId: ctx.orgId } });
    if (!before) throw notFound("Enrollment token");
    if (before.revokedAt) return;
    const r = await revokeEnrollmentToken(tx, ctx.orgId, id);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "enrollment_token.revoke",
      outcome: "success",
      target: { type: "enrollment_token", id, label: before.name },
      before: { status: tokenStatus(before), uses: before.uses },
      after: { status: "revoked", revokedAt: r.revokedAt.toISOString() },
    });
  });
  const row = await db().enrollmentToken.findFirstOrThrow({ where: { id, orgId: ctx.orgId } });
  const [view] = await present(ctx.orgId, [row]);
  return view!;
}

import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import type { TListPolicies } from "./schemas";

export async function listPolicies(ctx: Ctx, q: TListPolicies) {
  const where: Prisma.PolicyWhereInput = {
    orgId: ctx.orgId,
    ...(q.q ? { name: { contains: q.q, mode: "insensitive" } } : {}),
  };
  const [total, rows] = await Promise.all([
    db().policy.count({ where }),
    db().policy.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: {
        versions: {
          orderBy: { number: "desc" },
          select: { number: true, publishedAt: true, createdAt: true, authorLabel: true },
        },
        assignments: { select: { scope: true } },
      },
    }),
  ]);
  const items = rows.map((p) => {
    const latest = p.versions[0];
    const published = p.versions.find((v) => v.publishedAt);
    const count = (s: string) => p.assignments.filter((a) => a.scope === s).length;
    return {
      id: p.id,
      name: p.name,
      description: p.description,
      latestVersion: latest?.number ?? 0,
      publishedVersion: published?.number ?? null,
      publishedAt: published?.publishedAt?.toISOString() ?? null,
      updatedAt: (latest?.createdAt ?? p.updatedAt).toISOString(),
      updatedBy: latest?.authorLabel ?? null,
      assignments: { org: count("org") > 0, groups: count("group"), devices: count("device") },
    };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}
export type TPolicyListItem = Awaited<ReturnType<typeof listPolicies>>["items"][number];

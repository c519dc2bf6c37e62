import { createEnrollmentToken } from "../agent/create-enrollment-token";
import type { AuditMeta } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { enrollCommand } from "../enrollment/enrollment-tokens";
import { AppError } from "../http/errors";

/** An enrollment token made from the command line (no console user behind it), audited like the console's own. */
export async function operatorEnrollmentToken(
  orgId: string,
  meta: AuditMeta,
  input: { name: string; expiresInHours: number; maxUses: number | null; group?: string },
) {
  const group = input.group
    ? await db().group.findFirst({ where: { orgId, OR: [{ name: input.group }, { id: input.group }] } })
    : null;
  if (input.group && !group) throw new AppError("not_found", `No group ${input.group} in this organisation`);
  return db().$transaction(async (tx) => {
    const t = await createEnrollmentToken(tx, orgId, {
      name: input.name,
      expiresAt: new Date(Date.now() + input.expiresInHours * 3600_000),
      maxUses: input.maxUses,
      groupId: group?.id ?? null,
      createdById: null,
    });
    await recordAudit(tx, orgId, meta, {
      action: "enrollment_token.create",
      outcome: "success",
      target: { type: "enrollment_token", id: t.id, label: input.name },
      after: {
        name: input.name,
        prefix: t.token.slice(0, 12),
        expiresAt: t.expiresAt.toISOString(),
        maxUses: input.maxUses,
        groupId: group?.id ?? null,
      },
    });
    return { id: t.id, token: t.token, expiresAt: t.expiresAt.toISOString(), command: enrollCommand(t.token) };
  });
}

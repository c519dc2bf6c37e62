import { db } from "../db";
import type { Ctx } from "../http/guard";
import { loadOrgIdp } from "./load-identity-provider";
import { GROUP_SAMPLES_KEPT } from "./record-received-groups";
import { SSO_FAILURE_HELP } from "./sso-failure-reasons";

const FAILURE_WINDOW_MS = 30 * 24 * 3600_000;
const FAILURES_SHOWN = 20;

/**
 * What the IdP page shows under "Recent sign-ins": the latest refused sign-ins through this IdP
 * with their reason and reference (the request id, searchable in the audit log), the groups it
 * sent at its latest sign-ins, and for each mapping whether it ever matched.
 */
export async function getIdpActivity(ctx: Ctx, id: string) {
  const idp = await loadOrgIdp(ctx.orgId, id);
  const [failures, samples, mappings] = await Promise.all([
    db().auditEvent.findMany({
      where: {
        orgId: ctx.orgId,
        ts: { gte: new Date(Date.now() - FAILURE_WINDOW_MS) },
        action: "auth.signin",
        outcome: "failure",
        targetType: "identity_provider",
        targetId: idp.id,
      },
      orderBy: [{ ts: "desc" }, { id: "desc" }],
      take: FAILURES_SHOWN,
      select: { id: true, ts: true, requestId: true, actorLabel: true, data: true },
    }),
    db().idpGroupSample.findMany({
      where: { orgId: ctx.orgId, idpId: idp.id },
      orderBy: { receivedAt: "desc" },
      take: GROUP_SAMPLES_KEPT,
    }),
    db().idpGroupMapping.findMany({ where: { orgId: ctx.orgId, idpId: idp.id }, orderBy: { idpGroup: "asc" } }),
  ]);
  const seen = new Set(samples.flatMap((s) => s.groups.map((g) => g.toLowerCase())));
  return {
    failures: failures.map((f) => {
      const data = (f.data ?? {}) as { reason?: string; detail?: string };
      const reason = data.reason ?? "unknown";
      return {
        eventId: f.id,
        at: f.ts.toISOString(),
        reference: f.requestId,
        subject: f.actorLabel,
        reason,
        detail: data.detail ?? null,
        help: SSO_FAILURE_HELP[reason] ?? null,
      };
    }),
    groupSets: samples.map((s) => ({ at: s.receivedAt.toISOString(), subject: s.subject, groups: s.groups })),
    mappings: mappings.map((m) => ({
      idpGroup: m.idpGroup,
      lastMatchedAt: m.lastMatchedAt?.toISOString() ?? null,
      /** Whether one of the kept sign-ins carried this group. */
      matchedRecently: seen.has(m.idpGroup.toLowerCase()),
    })),
    samplesKept: GROUP_SAMPLES_KEPT,
  };
}
export type TIdpActivity = Awaited<ReturnType<typeof getIdpActivity>>;

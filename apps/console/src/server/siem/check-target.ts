import { isIP } from "node:net";
import { recordAuditNow } from "../audit/record-audit";
import { addressProblem } from "../http/egress-address";
import { EgressFailure } from "../http/egress-failure";
import { checkEgressUrl, egressPolicy } from "../http/egress-policy";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";

/**
 * Save-time egress check: a URL must pass the egress policy, a literal IP host must be an address
 * it allows (host names are checked when they are resolved, at every delivery). The answer names
 * the field.
 */
export function checkTarget(t: { url?: string | null; host?: string | null }): void {
  try {
    if (t.url) checkEgressUrl(t.url);
  } catch (e) {
    if (e instanceof EgressFailure) throw invalid("url", e.message);
    throw e;
  }
  const host = t.host?.replace(/^\[|\]$/g, "");
  if (host && isIP(host)) {
    const problem = addressProblem(host, egressPolicy().allowed);
    if (problem) throw invalid("host", `The address is not allowed by the egress policy (${problem})`);
  }
}

export function invalid(path: string, message: string): AppError {
  return new AppError("validation", `${path}: ${message}`, { fields: [{ path, message }] });
}

/**
 * checkTarget for a create or change: a target the egress policy refuses is an attempt to reach
 * an internal address, so it is recorded (outcome denied, the field and the reason) before the 422.
 */
export async function checkTargetAudited(
  ctx: Ctx,
  action: "siem_destination.create" | "siem_destination.update",
  t: { url?: string | null; host?: string | null; name?: string; id?: string },
): Promise<void> {
  try {
    checkTarget(t);
  } catch (e) {
    const field = (e as AppError).extra?.fields?.[0];
    if (field) {
      await recordAuditNow(ctx.orgId, ctx.meta, {
        action,
        outcome: "denied",
        target: { type: "siem_destination", id: t.id ?? null, label: t.name ?? null },
        data: { field: field.path, reason: field.message, url: t.url ?? undefined, host: t.host ?? undefined },
      });
    }
    throw e;
  }
}

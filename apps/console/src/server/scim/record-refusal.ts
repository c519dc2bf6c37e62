import { recordAuditNow } from "../audit/record-audit";
import type { ScimCtx } from "./scim-context";
import { ScimError } from "./scim-error";

/**
 * Runs a SCIM write; a uniqueness conflict (an email or sign-in identity held by another
 * account, a taken userName or group name) is recorded before the 409 goes back, because it can
 * be an attempt to take an account over.
 */
export async function recordingConflicts<T>(
  ctx: ScimCtx,
  action: string,
  label: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ScimError && e.status === 409) {
      await recordAuditNow(ctx.orgId, ctx.meta, {
        action,
        outcome: "failure",
        target: { type: "scim", label },
        data: { via: "scim", why: e.detail },
      });
    }
    throw e;
  }
}

import { isIP } from "node:net";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { addressProblem } from "../http/egress-address";
import { egressPolicy } from "../http/egress-policy";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentEmailSettings } from "./present";
import type { TEmailSettings } from "./schemas";
import { seal } from "./sealed";

const field = (path: string, message: string) => new AppError("validation", message, { fields: [{ path, message }] });

/** What the audit trail keeps of the settings: everything but the password, which shows as set or not. */
function audited(s: ReturnType<typeof presentEmailSettings>) {
  if (!s.configured) return null;
  const { updatedAt: _u, caCert, ...rest } = s;
  return { ...rest, caCert: caCert ? "set" : "" };
}

/**
 * Saves the org's mail server. The password is sealed at rest and never sent back; leaving it out
 * keeps the stored one. A literal IP address is checked against the egress policy now (a host
 * name when it is resolved, at every send). The change is an audit event with before and after.
 */
export async function saveEmailSettings(ctx: Ctx, input: TEmailSettings) {
  const host = input.host.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const problem = addressProblem(host, egressPolicy().allowed);
    if (problem) throw field("host", `The address is not allowed by the egress policy (${problem})`);
  }
  const before = await db().emailSettings.findUnique({ where: { orgId: ctx.orgId } });
  if (input.username && !input.password && !input.clearPassword && !before?.passwordEnc) {
    throw field("password", "A password is required with a username");
  }
  const passwordEnc = input.clearPassword
    ? null
    : input.password
      ? seal("smtp-password", ctx.orgId, input.password)
      : (before?.passwordEnc ?? null);
  const data = {
    enabled: input.enabled,
    host: input.host,
    port: input.port,
    security: input.security,
    username: input.username || null,
    passwordEnc: input.username ? passwordEnc : null,
    caCert: input.caCert || null,
    fromAddress: input.fromAddress,
    approvalsContact: [...new Set(input.approvalsContact)],
  };
  const saved = await db().$transaction(async (tx) => {
    const s = await tx.emailSettings.upsert({
      where: { orgId: ctx.orgId },
      create: { orgId: ctx.orgId, ...data },
      update: data,
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "settings.email.update",
      outcome: "success",
      target: { type: "org", id: ctx.orgId, label: "mail server" },
      before: audited(presentEmailSettings(before)),
      after: { ...audited(presentEmailSettings(s)), passwordChanged: Boolean(input.password) || input.clearPassword },
    });
    return s;
  });
  return presentEmailSettings(saved);
}

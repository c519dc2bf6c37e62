import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { verifyPassword } from "../auth/password";
import { assertReauthAllowed, countReauthFailure } from "../auth/reauth-limit";
import { verifyFreshSecondFactor } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { AppError, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import type { TRemoveCredential } from "./schemas";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Removing a key is a re-authentication: the account's password, or a fresh second factor (a TOTP
 * code, a recovery code, or an assertion from any of the user's keys, this one included). Wrong
 * answers count against the re-authentication limit and are recorded.
 */
export async function removeCredential(ctx: Ctx, id: string, input: TRemoveCredential) {
  if (!UUID_RE.test(id)) throw notFound("Security key");
  const cred = await db().webAuthnCredential.findFirst({
    where: { id, orgId: ctx.orgId, userId: ctx.principal.userId },
  });
  if (!cred) throw notFound("Security key");
  const target = { type: "user", id: ctx.principal.userId, label: ctx.principal.email };
  await assertReauthAllowed(ctx, "user.webauthn.remove", target);
  const refuse = async (reason: string, path: string, message: string) => {
    await countReauthFailure(ctx);
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.webauthn.remove",
      outcome: "failure",
      target,
      data: { reason, credential: cred.id, name: cred.name },
    });
    return new AppError("validation", message, { fields: [{ path, message }] });
  };
  let proof: string;
  if (input.password) {
    const user = await db().user.findUniqueOrThrow({ where: { id: ctx.principal.userId } });
    if (!user.passwordHash || !(await verifyPassword(input.password, user.passwordHash))) {
      throw await refuse("bad_password", "password", "Password is not correct");
    }
    proof = "password";
  } else if (input.code || input.webauthn) {
    const r = await verifyFreshSecondFactor(ctx, input, "remove_key");
    if (!r.ok) throw await refuse(r.reason, r.path, r.message);
    proof = r.factor;
  } else {
    const message = "Confirm it is you: your password, a code from your authenticator app or a security key";
    throw new AppError("validation", message, { fields: [{ path: "password", message }] });
  }
  await db().$transaction(async (tx) => {
    await tx.webAuthnCredential.delete({ where: { id: cred.id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.webauthn.remove",
      outcome: "success",
      target,
      data: { credential: cred.id, name: cred.name, reauth: proof },
    });
  });
}

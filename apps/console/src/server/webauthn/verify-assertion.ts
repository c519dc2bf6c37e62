import { verifyAuthenticationResponse } from "@simplewebauthn/server";
import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { consumeChallenge, readClientData } from "./challenges";
import { relyingParty } from "./relying-party";
import type { TAssertion } from "./schemas";

export type AssertionResult =
  | { ok: true; credential: { id: string; name: string } }
  | { ok: false; reason: string; message: string };

/**
 * Checks one security-key assertion by the signed-in user: the challenge was issued to them and
 * is used once, the origin is the console's, the signature verifies with a key of theirs, and the
 * signature counter moved forward. A counter that did not (a cloned key, or a replayed answer) is
 * refused and recorded. Every use, accepted or refused, is an audit event (user.webauthn.use)
 * saying what it was for.
 */
export async function verifyAssertion(ctx: Ctx, response: TAssertion, purpose: string): Promise<AssertionResult> {
  const userId = ctx.principal.userId;
  const cred = await db().webAuthnCredential.findFirst({
    where: { credentialId: response.id, userId, orgId: ctx.orgId },
  });
  const target = { type: "user", id: userId, label: ctx.principal.email };
  const refuse = async (reason: string, message: string, extra: Record<string, unknown> = {}) => {
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.webauthn.use",
      outcome: "failure",
      target,
      data: { purpose, reason, credential: cred?.id ?? null, name: cred?.name ?? null, ...extra },
    });
    return { ok: false, reason, message } as const;
  };
  const rp = relyingParty();
  const client = readClientData(response.response.clientDataJSON);
  if (!client) return refuse("malformed_response", "The security key's answer could not be read");
  if (!(await consumeChallenge(userId, "authenticate", client.challenge))) {
    return refuse("unknown_challenge", "This security-key answer expired or was already used: try again");
  }
  if (client.origin !== rp.origin) {
    recordSecurityEvent("webauthn_wrong_origin", ctx.meta.ip ?? null, { userId, origin: client.origin });
    return refuse("wrong_origin", "The security key signed for another site", { origin: client.origin });
  }
  if (!cred) return refuse("unknown_credential", "This security key is not registered to your account");
  let info: Awaited<ReturnType<typeof verifyAuthenticationResponse>>["authenticationInfo"];
  try {
    const r = await verifyAuthenticationResponse({
      response,
      expectedChallenge: client.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      // The counter is compared below, where a regression is told apart and recorded.
      credential: { id: cred.credentialId, publicKey: new Uint8Array(cred.publicKey), counter: 0 },
      // A second factor: presence on the key is the proof; the session already knows who this is.
      requireUserVerification: false,
    });
    if (!r.verified) return refuse("verification_failed", "The security key's signature was refused");
    info = r.authenticationInfo;
  } catch (e) {
    return refuse("verification_failed", `The security key's answer was refused: ${(e as Error).message}`);
  }
  const stored = cred.counter;
  const received = BigInt(info.newCounter);
  const counts = stored > 0n || received > 0n;
  // Compare-and-set: of two answers carrying the same counter, one wins.
  const moved = await db().webAuthnCredential.updateMany({
    where: { id: cred.id, ...(counts ? { counter: { lt: received } } : {}) },
    data: { counter: received, lastUsedAt: new Date(), backedUp: info.credentialBackedUp },
  });
  if (moved.count !== 1) {
    recordSecurityEvent("webauthn_counter_regression", ctx.meta.ip ?? null, {
      userId,
      credential: cred.id,
      stored: stored.toString(),
      received: received.toString(),
    });
    return refuse(
      "counter_regression",
      "This security key's signature counter went backwards (a cloned key?): it was refused",
      { storedCounter: stored.toString(), receivedCounter: received.toString() },
    );
  }
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "user.webauthn.use",
    outcome: "success",
    target,
    data: { purpose, credential: cred.id, name: cred.name, userVerified: info.userVerified },
  });
  return { ok: true, credential: { id: cred.id, name: cred.name } };
}

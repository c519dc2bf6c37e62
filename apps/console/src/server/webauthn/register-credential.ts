import { verifyRegistrationResponse } from "@simplewebauthn/server";
import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { consumeChallenge, readClientData } from "./challenges";
import { presentCredential } from "./present";
import { relyingParty } from "./relying-party";
import type { TRegisterCredential } from "./schemas";

/**
 * Stores a new security key after checking its attestation answers a challenge this server issued
 * to this user (once), from the console's own origin and RP ID. A refusal is recorded.
 */
export async function registerCredential(ctx: Ctx, input: TRegisterCredential) {
  const target = { type: "user", id: ctx.principal.userId, label: ctx.principal.email };
  const refuse = async (reason: string, message: string) => {
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "user.webauthn.register",
      outcome: "failure",
      target,
      data: { reason, name: input.name },
    });
    return new AppError("validation", message, { fields: [{ path: "response", message }] });
  };
  const rp = relyingParty();
  const client = readClientData(input.response.response.clientDataJSON);
  if (!client) throw await refuse("malformed_response", "The security key's answer could not be read");
  if (!(await consumeChallenge(ctx.principal.userId, "register", client.challenge))) {
    throw await refuse("unknown_challenge", "This registration expired or was already used: start again");
  }
  if (client.origin !== rp.origin) {
    throw await refuse("wrong_origin", `The key signed for ${client.origin}, not for this console`);
  }
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: client.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
  } catch (e) {
    throw await refuse("verification_failed", `The security key's answer was refused: ${(e as Error).message}`);
  }
  if (!verified.verified) throw await refuse("verification_failed", "The security key's answer was refused");
  const info = verified.registrationInfo;
  const exists = await db().webAuthnCredential.findUnique({ where: { credentialId: info.credential.id } });
  if (exists) throw await refuse("already_registered", "This security key is already registered");
  const created = await db().$transaction(async (tx) => {
    const c = await tx.webAuthnCredential.create({
      data: {
        orgId: ctx.orgId,
        userId: ctx.principal.userId,
        name: input.name,
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        counter: BigInt(info.credential.counter),
        transports: info.credential.transports ?? input.response.response.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.webauthn.register",
      outcome: "success",
      target,
      data: { credential: c.id, name: c.name, deviceType: c.deviceType, backedUp: c.backedUp, aaguid: c.aaguid },
    });
    return c;
  });
  return presentCredential(created);
}

import { generateAuthenticationOptions } from "@simplewebauthn/server";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { storeChallenge } from "./challenges";
import { relyingParty } from "./relying-party";

/**
 * Options for navigator.credentials.get() over the caller's own keys: the answer proves a fresh
 * second factor (step-up, an approval on require_mfa, removing a key).
 */
export async function startAssertion(ctx: Ctx) {
  const keys = await db().webAuthnCredential.findMany({
    where: { orgId: ctx.orgId, userId: ctx.principal.userId },
    select: { credentialId: true, transports: true },
  });
  if (!keys.length) throw new AppError("conflict", "You have no security key: register one on your profile first");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: k.transports })),
    userVerification: "preferred",
  });
  await storeChallenge(ctx.principal.userId, "authenticate", options.challenge);
  return options;
}

import { generateRegistrationOptions } from "@simplewebauthn/server";
import { secondFactorsOf } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "../step-up/require-step-up";
import { storeChallenge } from "./challenges";
import { relyingParty } from "./relying-party";

/** Enough for a primary key, a spare and a laptop's built-in authenticator, with room to spare. */
export const MAX_KEYS_PER_USER = 10;

/** Options for navigator.credentials.create(); the challenge is kept server-side (single use, 5 min). */
export async function startRegistration(ctx: Ctx) {
  const user = await db().user.findFirstOrThrow({
    where: { id: ctx.principal.userId, orgId: ctx.orgId },
    include: { webauthnCredentials: { select: { credentialId: true, transports: true } } },
  });
  if (user.webauthnCredentials.length >= MAX_KEYS_PER_USER) {
    throw new AppError("conflict", `At most ${MAX_KEYS_PER_USER} security keys per account: remove one first`);
  }
  // A second factor added by someone who already has one is gated like a sensitive action: a
  // stolen session must not enrol its own key and pass every step-up with it.
  const has = await secondFactorsOf(user.id);
  if (has.totp || has.webauthn) await requireStepUp(ctx, "user.webauthn.register");
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    // A key already registered is refused by the authenticator itself, before anything is signed.
    excludeCredentials: user.webauthnCredentials.map((c) => ({ id: c.credentialId, transports: c.transports })),
    authenticatorSelection: { residentKey: "discouraged", userVerification: "preferred" },
  });
  await storeChallenge(user.id, "register", options.challenge);
  return options;
}

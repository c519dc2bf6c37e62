import { z } from "zod";

/** WebAuthn inputs, as @simplewebauthn/browser produces them (base64url strings). */
const B64URL = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/, "must be base64url");

const ZTransports = z.array(z.string().max(32)).max(10).optional();

/** startAuthentication()'s result: one signed assertion. */
export const ZAssertion = z.object({
  id: B64URL.min(1),
  rawId: B64URL.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: B64URL.min(1),
    authenticatorData: B64URL.min(1),
    signature: B64URL.min(1),
    userHandle: B64URL.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});
export type TAssertion = z.infer<typeof ZAssertion>;

/** startRegistration()'s result. */
export const ZAttestation = z.object({
  id: B64URL.min(1),
  rawId: B64URL.min(1),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: B64URL.min(1),
    attestationObject: B64URL.min(1),
    authenticatorData: B64URL.optional(),
    transports: ZTransports,
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: B64URL.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

export const ZRegisterCredential = z.object({
  name: z.string().trim().min(1, "Name the key").max(60, "At most 60 characters"),
  response: ZAttestation,
});
export type TRegisterCredential = z.infer<typeof ZRegisterCredential>;

/**
 * A fresh second factor of either kind: a TOTP (or recovery) code, or a security-key assertion
 * answering a challenge from POST /api/v1/me/webauthn/assertion-options.
 */
export const ZSecondFactorProof = z.object({
  code: z.string().trim().max(64).optional(),
  webauthn: ZAssertion.optional(),
});
export type TSecondFactorProof = z.infer<typeof ZSecondFactorProof>;

/** Removing a key is a re-authentication: the password, or a fresh second factor. */
export const ZRemoveCredential = ZSecondFactorProof.extend({
  password: z.string().max(256).optional(),
});
export type TRemoveCredential = z.infer<typeof ZRemoveCredential>;

/** The Profile form that names a key before the browser creates it. */
export const ZKeyName = ZRegisterCredential.pick({ name: true });

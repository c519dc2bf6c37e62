"use client";
import {
  type AuthenticationResponseJSON,
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from "@simplewebauthn/browser";
import { api } from "./api";

export { browserSupportsWebAuthn };

/**
 * A fresh assertion from one of the signed-in user's security keys, to send as `webauthn` wherever
 * the API takes a second factor (step-up, an approval decision on require_mfa, removing a key).
 * The challenge is issued by the server and usable once, within 5 minutes.
 */
export async function securityKeyAssertion(): Promise<AuthenticationResponseJSON> {
  const optionsJSON = await api<PublicKeyCredentialRequestOptionsJSON>("/api/v1/me/webauthn/assertion-options", {
    method: "POST",
  });
  return startAuthentication({ optionsJSON });
}

export async function registerSecurityKey(name: string) {
  const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>("/api/v1/me/webauthn/registration-options", {
    method: "POST",
  });
  const response = await startRegistration({ optionsJSON });
  return api("/api/v1/me/webauthn/credentials", { method: "POST", body: { name, response } });
}

/** The browser's refusals (cancelled, timed out, no matching key) in words a person can act on. */
export function securityKeyError(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === "NotAllowedError") return "The security key was not used (cancelled or timed out). Try again.";
  if (name === "InvalidStateError") return "This security key is already registered.";
  return (e as Error)?.message ?? "The security key could not be used";
}

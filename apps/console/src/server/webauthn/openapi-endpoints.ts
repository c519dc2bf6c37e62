import type { Endpoint } from "../openapi/build";
import { ZRegisterCredential, ZRemoveCredential } from "./schemas";

/** The caller's own security keys (WebAuthn), registered as a second factor. */
export const webauthnEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/me/webauthn/credentials",
    summary: "My security keys: name, created, last used, transports, backed up",
    tag: "Profile",
    permission: null,
  },
  {
    method: "post",
    path: "/api/v1/me/webauthn/registration-options",
    summary:
      "Options for navigator.credentials.create(); the challenge is kept server-side for 5 minutes and used once. With step-up on, adding a key when you already have a second factor needs a step-up",
    tag: "Profile",
    permission: null,
  },
  {
    method: "post",
    path: "/api/v1/me/webauthn/credentials",
    summary: "Register a security key: its name and the browser's attestation answering the registration options",
    tag: "Profile",
    permission: null,
    body: ZRegisterCredential,
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/me/webauthn/credentials/{id}",
    summary: "Remove a security key; needs your password, a fresh TOTP/recovery code or a security-key assertion",
    tag: "Profile",
    permission: null,
    body: ZRemoveCredential,
    status: 204,
  },
  {
    method: "post",
    path: "/api/v1/me/webauthn/assertion-options",
    summary:
      "Options for navigator.credentials.get() over your keys, to prove a fresh second factor (step-up, an approval on require_mfa, removing a key); single use, 5 minutes",
    tag: "Profile",
    permission: null,
  },
];

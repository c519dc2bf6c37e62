import type { WebAuthnCredential } from "@luminous/db";

/** What the profile shows of a key: never its public key or counter. */
export function presentCredential(c: WebAuthnCredential) {
  return {
    id: c.id,
    name: c.name,
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    transports: c.transports,
    backedUp: c.backedUp,
    deviceType: c.deviceType,
  };
}

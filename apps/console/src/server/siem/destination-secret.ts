import { decryptSecret, encryptSecret } from "@luminous/crypto";
import { z } from "zod";
import { masterKey } from "../env";

/** The write-only parts of a destination, stored encrypted in SiemDestination.secretEnc. */
export const ZSiemSecret = z.object({
  clientKey: z.string().optional(),
  token: z.string().optional(),
  secret: z.string().optional(),
});
export type TSiemSecret = z.infer<typeof ZSiemSecret>;

/** AAD binds the ciphertext to its destination, so one destination's secret cannot be pasted into another. */
const aad = (id: string) => `siem-destination:${id}:secret`;

export function sealSiemSecret(id: string, secret: TSiemSecret): string | null {
  const clean = Object.fromEntries(Object.entries(secret).filter(([, v]) => v !== undefined && v !== null));
  return Object.keys(clean).length === 0 ? null : encryptSecret(masterKey(), JSON.stringify(clean), aad(id));
}

export function openSiemSecret(d: { id: string; secretEnc: string | null }): TSiemSecret {
  if (!d.secretEnc) return {};
  return ZSiemSecret.parse(JSON.parse(decryptSecret(masterKey(), d.secretEnc, aad(d.id))));
}

import { withPermission } from "@/server/http/guard";
import { rotateSpKey } from "@/server/sso/rotate-sp-key";

/** Rotates the console's SAML SP key pair for this IdP (request signing, assertion decryption). */
export const POST = withPermission("idp.configure", (ctx, _req, p) => rotateSpKey(ctx, p.id!));

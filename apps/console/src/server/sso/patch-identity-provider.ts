import { can } from "../auth/permissions";
import { AppError, forbidden } from "../http/errors";
import type { Ctx } from "../http/guard";
import { parseWith } from "../http/respond";
import { inputOfView } from "./idp-input-of";
import { loadOrgIdp } from "./load-identity-provider";
import { presentIdentityProvider } from "./present-identity-provider";
import { setIdentityProviderEnabled, updateIdentityProvider } from "./save-identity-provider";
import { ZSaveIdentityProvider } from "./schemas";

/**
 * A partial update: the sent settings over the stored ones, validated as a whole like PUT, so
 * changing one field never requires re-sending the certificate or the secret (blank = keep).
 * Only `enabled` is an admin-level change; anything else is the owner-level configure permission.
 */
export async function patchIdentityProvider(ctx: Ctx, id: string, patch: Record<string, unknown>) {
  const keys = Object.keys(patch);
  if (keys.length === 1 && keys[0] === "enabled" && typeof patch.enabled === "boolean")
    return setIdentityProviderEnabled(ctx, id, patch.enabled);
  if (!can(ctx.principal.role, "idp.configure"))
    throw forbidden(`Your role (${ctx.principal.role}) does not have the permission idp.configure`, "idp.configure");
  const existing = await loadOrgIdp(ctx.orgId, id);
  if (patch.type !== undefined && patch.type !== existing.type) {
    const message = "The type of an identity provider cannot change";
    throw new AppError("validation", message, { fields: [{ path: "type", message }] });
  }
  const current = inputOfView(presentIdentityProvider(existing)) as Record<string, unknown>;
  const merged = { ...current, ...patch, type: existing.type };
  return updateIdentityProvider(ctx, id, parseWith(ZSaveIdentityProvider, merged, "request body"));
}

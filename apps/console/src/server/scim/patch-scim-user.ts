import { applyPatch } from "./apply-patch";
import { USER_ATTRIBUTES } from "./attributes";
import { parseScim } from "./parse-scim";
import { writeScimUser } from "./replace-scim-user";
import { ZScimUser } from "./schemas";
import type { ScimCtx } from "./scim-context";

/**
 * PATCH /Users/{id}: add / replace / remove, with the forms Okta and Entra ID send (`active`,
 * `emails[type eq "work"].value`, no `path`, "False"); the patched document is validated whole.
 */
export function patchScimUser(ctx: ScimCtx, req: Request, id: string, body: Record<string, unknown>) {
  return writeScimUser(ctx, req, id, (current) => parseScim(ZScimUser, applyPatch(current, body, USER_ATTRIBUTES)));
}

import { db } from "../db";
import { checkIfMatch, resourceResponse } from "./conditional";
import { loadScimUser } from "./load-scim-user";
import { assertPlainKeys, parseScim } from "./parse-scim";
import { presentScimUser } from "./present";
import { recordingConflicts } from "./record-refusal";
import { saveScimUser } from "./save-scim-user";
import { type TScimUser, ZScimUser } from "./schemas";
import { refuseOwner, scimIdp } from "./scim-access";
import type { ScimCtx } from "./scim-context";

/**
 * Writes a new version of a SCIM user (PUT, PATCH): If-Match is honoured, an Owner is never
 * changed, and the document is validated whole before anything is stored.
 */
export async function writeScimUser(
  ctx: ScimCtx,
  req: Request,
  id: string,
  next: (current: Record<string, unknown>) => TScimUser,
): Promise<Response> {
  const row = await loadScimUser(ctx, id);
  if (row.user.role === "owner") await refuseOwner(ctx, row.user, "user.scim.update");
  checkIfMatch(req, row.version);
  const doc = next({ ...(row.resource as Record<string, unknown>), userName: row.userName, active: row.active });
  await recordingConflicts(ctx, "user.scim.update", doc.userName, () =>
    db().$transaction(async (tx) => saveScimUser(tx, ctx, await scimIdp(tx, ctx), doc, row)),
  );
  return resourceResponse(presentScimUser(ctx, await loadScimUser(ctx, id)));
}

/** PUT /Users/{id}: the body replaces the user's attributes. */
export function replaceScimUser(ctx: ScimCtx, req: Request, id: string, body: Record<string, unknown>) {
  return writeScimUser(ctx, req, id, () => {
    assertPlainKeys(body);
    return parseScim(ZScimUser, body);
  });
}

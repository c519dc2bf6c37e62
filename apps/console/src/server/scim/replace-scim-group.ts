import { db } from "../db";
import { checkIfMatch, resourceResponse } from "./conditional";
import { loadScimGroup } from "./load-scim-group";
import { assertPlainKeys, parseScim } from "./parse-scim";
import { presentScimGroup } from "./present";
import { recordingConflicts } from "./record-refusal";
import { saveScimGroup } from "./save-scim-group";
import { type TScimGroup, ZScimGroup } from "./schemas";
import { scimIdp } from "./scim-access";
import type { ScimCtx } from "./scim-context";

/** Writes a new version of a SCIM group (PUT, PATCH), honouring If-Match. */
export async function writeScimGroup(
  ctx: ScimCtx,
  req: Request,
  id: string,
  next: (current: Record<string, unknown>) => TScimGroup,
): Promise<Response> {
  const row = await loadScimGroup(ctx, id);
  checkIfMatch(req, row.version);
  const current = {
    displayName: row.group.name,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    members: (row.group.memberships ?? []).map((m) => ({ value: m.user.id })),
  };
  const doc = next(current);
  await recordingConflicts(ctx, "group.scim.update", doc.displayName, () =>
    db().$transaction(async (tx) =>
      saveScimGroup(tx, ctx, await scimIdp(tx, ctx), doc, {
        groupId: row.groupId,
        version: row.version,
        name: row.group.name,
      }),
    ),
  );
  return resourceResponse(presentScimGroup(ctx, await loadScimGroup(ctx, id)));
}

/** PUT /Groups/{id}: the body replaces the name, externalId and the whole member list. */
export function replaceScimGroup(ctx: ScimCtx, req: Request, id: string, body: Record<string, unknown>) {
  return writeScimGroup(ctx, req, id, () => {
    assertPlainKeys(body);
    return parseScim(ZScimGroup, body);
  });
}

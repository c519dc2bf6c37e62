import { db } from "../db";
import { resourceResponse } from "./conditional";
import { loadScimGroup } from "./load-scim-group";
import { assertPlainKeys, parseScim } from "./parse-scim";
import { presentScimGroup } from "./present";
import { recordingConflicts } from "./record-refusal";
import { saveScimGroup } from "./save-scim-group";
import { ZScimGroup } from "./schemas";
import { scimIdp } from "./scim-access";
import type { ScimCtx } from "./scim-context";

/** POST /Groups: a console group (source "scim") with its members. */
export async function createScimGroup(ctx: ScimCtx, body: Record<string, unknown>): Promise<Response> {
  assertPlainKeys(body);
  const doc = parseScim(ZScimGroup, body);
  const id = await recordingConflicts(ctx, "group.create", doc.displayName, () =>
    db().$transaction(async (tx) => saveScimGroup(tx, ctx, await scimIdp(tx, ctx), doc, null)),
  );
  return resourceResponse(presentScimGroup(ctx, await loadScimGroup(ctx, id)), 201);
}

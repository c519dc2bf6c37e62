import { db } from "../db";
import { resourceResponse } from "./conditional";
import { loadScimUser } from "./load-scim-user";
import { assertPlainKeys, parseScim } from "./parse-scim";
import { presentScimUser } from "./present";
import { recordingConflicts } from "./record-refusal";
import { saveScimUser } from "./save-scim-user";
import { ZScimUser } from "./schemas";
import { scimIdp } from "./scim-access";
import type { ScimCtx } from "./scim-context";
import { scimConflict } from "./scim-error";

/**
 * POST /Users. A userName that SCIM deleted before is provisioned again on the same account (its
 * audit history stays one account's); a live one is a 409 uniqueness.
 */
export async function createScimUser(ctx: ScimCtx, body: Record<string, unknown>): Promise<Response> {
  assertPlainKeys(body);
  const doc = parseScim(ZScimUser, body);
  const id = await recordingConflicts(ctx, "user.provision", doc.userName, () =>
    db().$transaction(async (tx) => {
      const idp = await scimIdp(tx, ctx);
      const old = await tx.scimUser.findUnique({
        where: { orgId_userNameKey: { orgId: ctx.orgId, userNameKey: doc.userName.toLowerCase() } },
        include: { user: true },
      });
      if (old && !old.deletedAt) throw scimConflict(`userName "${doc.userName}" is already in use`);
      return saveScimUser(tx, ctx, idp, doc, old);
    }),
  );
  return resourceResponse(presentScimUser(ctx, await loadScimUser(ctx, id)), 201);
}

import { resourceResponse } from "./conditional";
import { loadScimUser } from "./load-scim-user";
import { presentScimUser } from "./present";
import type { ScimCtx } from "./scim-context";

export async function getScimUser(ctx: ScimCtx, id: string): Promise<Response> {
  return resourceResponse(presentScimUser(ctx, await loadScimUser(ctx, id)));
}

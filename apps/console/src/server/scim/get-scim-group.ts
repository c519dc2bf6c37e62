import { resourceResponse } from "./conditional";
import { loadScimGroup, wantsMembers } from "./load-scim-group";
import { presentScimGroup } from "./present";
import type { ScimCtx } from "./scim-context";

export async function getScimGroup(ctx: ScimCtx, req: Request, id: string): Promise<Response> {
  return resourceResponse(presentScimGroup(ctx, await loadScimGroup(ctx, id, wantsMembers(req))));
}

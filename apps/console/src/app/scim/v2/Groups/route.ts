import { readScimBody, withScimToken } from "@/server/http/scim-guard";
import { createScimGroup } from "@/server/scim/create-scim-group";
import { listScimGroups } from "@/server/scim/list-scim-groups";
import { wantsMembers } from "@/server/scim/load-scim-group";
import { scimQuery } from "@/server/scim/scim-query";

export const GET = withScimToken((ctx, req) => listScimGroups(ctx, scimQuery(req), wantsMembers(req)));
export const POST = withScimToken(async (ctx, req) => createScimGroup(ctx, await readScimBody(req)));

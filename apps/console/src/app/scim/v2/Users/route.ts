import { readScimBody, withScimToken } from "@/server/http/scim-guard";
import { createScimUser } from "@/server/scim/create-scim-user";
import { listScimUsers } from "@/server/scim/list-scim-users";
import { scimQuery } from "@/server/scim/scim-query";

export const GET = withScimToken((ctx, req) => listScimUsers(ctx, scimQuery(req)));
export const POST = withScimToken(async (ctx, req) => createScimUser(ctx, await readScimBody(req)));

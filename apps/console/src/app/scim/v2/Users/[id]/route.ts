import { readScimBody, withScimToken } from "@/server/http/scim-guard";
import { deleteScimUser } from "@/server/scim/delete-scim-user";
import { getScimUser } from "@/server/scim/get-scim-user";
import { patchScimUser } from "@/server/scim/patch-scim-user";
import { replaceScimUser } from "@/server/scim/replace-scim-user";

export const GET = withScimToken((ctx, _req, p) => getScimUser(ctx, p.id!));
export const PUT = withScimToken(async (ctx, req, p) => replaceScimUser(ctx, req, p.id!, await readScimBody(req)));
export const PATCH = withScimToken(async (ctx, req, p) => patchScimUser(ctx, req, p.id!, await readScimBody(req)));
export const DELETE = withScimToken((ctx, req, p) => deleteScimUser(ctx, req, p.id!));

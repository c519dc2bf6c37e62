import { readScimBody, withScimToken } from "@/server/http/scim-guard";
import { deleteScimGroup } from "@/server/scim/delete-scim-group";
import { getScimGroup } from "@/server/scim/get-scim-group";
import { patchScimGroup } from "@/server/scim/patch-scim-group";
import { replaceScimGroup } from "@/server/scim/replace-scim-group";

export const GET = withScimToken((ctx, req, p) => getScimGroup(ctx, req, p.id!));
export const PUT = withScimToken(async (ctx, req, p) => replaceScimGroup(ctx, req, p.id!, await readScimBody(req)));
export const PATCH = withScimToken(async (ctx, req, p) => patchScimGroup(ctx, req, p.id!, await readScimBody(req)));
export const DELETE = withScimToken((ctx, req, p) => deleteScimGroup(ctx, req, p.id!));

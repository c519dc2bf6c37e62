import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { listGroupMappings, saveGroupMappings } from "@/server/sso/save-group-mappings";
import { ZSaveGroupMappings } from "@/server/sso/schemas";

export const GET = withPermission("idp.manage", (ctx, _req, p) => listGroupMappings(ctx, p.id!));

export const PUT = withPermission("idp.manage", async (ctx, req, p) =>
  saveGroupMappings(ctx, p.id!, await parseBody(req, ZSaveGroupMappings)),
);

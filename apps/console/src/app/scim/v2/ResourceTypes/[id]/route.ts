import { withScimToken } from "@/server/http/scim-guard";
import { resourceType } from "@/server/scim/discovery";

export const GET = withScimToken(async (ctx, _req, p) => resourceType(ctx, p.id!));

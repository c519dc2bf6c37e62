import { withScimToken } from "@/server/http/scim-guard";
import { schema } from "@/server/scim/discovery";

export const GET = withScimToken(async (ctx, _req, p) => schema(ctx, p.id!));

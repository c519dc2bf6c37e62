import { withScimToken } from "@/server/http/scim-guard";
import { schemas } from "@/server/scim/discovery";

export const GET = withScimToken(async (ctx) => schemas(ctx));

import { withScimToken } from "@/server/http/scim-guard";
import { resourceTypes } from "@/server/scim/discovery";

export const GET = withScimToken(async (ctx) => resourceTypes(ctx));

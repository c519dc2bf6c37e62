import { withScimToken } from "@/server/http/scim-guard";
import { serviceProviderConfig } from "@/server/scim/discovery";

export const GET = withScimToken(async (ctx) => serviceProviderConfig(ctx));

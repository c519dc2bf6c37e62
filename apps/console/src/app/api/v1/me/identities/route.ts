import { withPermission } from "@/server/http/guard";
import { listMyIdentities } from "@/server/sso/list-my-identities";

/** The caller's linked sign-in identities and the IdPs they may link. */
export const GET = withPermission(null, (ctx) => listMyIdentities(ctx));

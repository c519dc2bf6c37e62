import { withPermission } from "@/server/http/guard";
import { startAssertion } from "@/server/webauthn/start-assertion";

export const POST = withPermission(null, (ctx) => startAssertion(ctx));

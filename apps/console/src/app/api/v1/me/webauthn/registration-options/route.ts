import { withPermission } from "@/server/http/guard";
import { startRegistration } from "@/server/webauthn/start-registration";

export const POST = withPermission(null, (ctx) => startRegistration(ctx));

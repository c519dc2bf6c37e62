import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { getStepUpStatus, performStepUp } from "@/server/step-up/perform-step-up";
import { ZSecondFactorProof } from "@/server/webauthn/schemas";

export const GET = withPermission(null, (ctx) => getStepUpStatus(ctx));

export const POST = withPermission(null, async (ctx, req) =>
  performStepUp(ctx, await parseBody(req, ZSecondFactorProof)),
);

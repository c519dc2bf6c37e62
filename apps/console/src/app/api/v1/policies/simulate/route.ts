import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { ZSimulate } from "@/server/policies/schemas";
import { simulateDecision } from "@/server/policies/simulate-decision";

export const POST = withPermission("policy.read", async (ctx, req) =>
  simulateDecision(ctx, await parseBody(req, ZSimulate)),
);

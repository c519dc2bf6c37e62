import { withPermission } from "@/server/http/guard";
import { unassignPolicy } from "@/server/policies/assign-policy";

export const DELETE = withPermission("policy.assign", (ctx, _req, p) => unassignPolicy(ctx, p.id!, p.assignmentId!));

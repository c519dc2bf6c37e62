import { addMember, removeMember } from "@/server/groups/members";
import { withPermission } from "@/server/http/guard";

export const PUT = withPermission("group.member.manage", (ctx, _req, p) => addMember(ctx, p.id!, p.userId!));

export const DELETE = withPermission("group.member.manage", (ctx, _req, p) => removeMember(ctx, p.id!, p.userId!));

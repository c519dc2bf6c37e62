import { addMember, listMembers } from "@/server/groups/members";
import { ZAddMember } from "@/server/groups/schemas";
import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";

export const GET = withPermission("group.read", (ctx, _req, p) => listMembers(ctx, p.id!));

export const POST = withPermission("group.member.manage", async (ctx, req, p) => {
  const { userId } = await parseBody(req, ZAddMember);
  return Response.json(await addMember(ctx, p.id!, userId), { status: 201 });
});

import { db } from "../db";
import { AppError, forbidden, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentRequest } from "./present";
import { recordApprovalEvent, recordApprovalEventNow } from "./record-approval-event";
import { isRequester } from "./requester-match";
import type { TCloseReviewInput } from "./schemas";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Closes a break-glass follow-up review with a note, once. The person who broke the glass cannot
 * review it themselves (refused and recorded).
 */
export async function closeApprovalReview(ctx: Ctx, id: string, input: TCloseReviewInput) {
  if (!UUID_RE.test(id)) throw notFound("Approval request");
  const r = await db().approvalRequest.findFirst({ where: { id, orgId: ctx.orgId, breakGlass: true } });
  if (!r) throw notFound("Break-glass review");
  const user = await db().user.findFirst({ where: { id: ctx.principal.userId, orgId: ctx.orgId, status: "active" } });
  if (!user) throw forbidden();
  if (isRequester(user, r.localUser)) {
    await recordApprovalEventNow(ctx.orgId, ctx.meta, "review.close", r, { reason: "self_review" });
    throw forbidden("You cannot review your own break-glass action", "self_review");
  }
  const now = new Date();
  const closed = await db().$transaction(async (tx) => {
    const u = await tx.approvalRequest.updateMany({
      where: { id: r.id, reviewClosedAt: null },
      data: { reviewClosedAt: now, reviewClosedBy: user.id, reviewClosedByLabel: user.email, reviewNote: input.note },
    });
    if (u.count !== 1) return null;
    await recordApprovalEvent(tx, ctx.orgId, ctx.meta, "review.close", r, "success", { note: input.note });
    return tx.approvalRequest.findUniqueOrThrow({
      where: { id: r.id },
      include: { decisions: { orderBy: { createdAt: "asc" } }, device: { select: { hostname: true } } },
    });
  });
  if (!closed) throw new AppError("conflict", "This review is already closed", { reason: "already_closed" });
  return presentRequest(closed);
}

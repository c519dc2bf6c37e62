import { checkApprover, levelForVote, type TApprovals, tally, type Vote, ZApprovals } from "@luminous/policy";
import { verifyFreshSecondFactor } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { AppError, forbidden, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { notifyApprovalChange, notifyApprovalEvent } from "./approval-notify";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";
import { recordApprovalEvent, recordApprovalEventNow } from "./record-approval-event";
import { approverOf } from "./requester-match";
import type { TDecideApprovalInput } from "./schemas";

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const asVote = (d: { userId: string; level: string; verdict: string }): Vote => ({
  userId: d.userId,
  level: d.level,
  verdict: d.verdict === "approve" ? "approve" : "deny",
});

const needField = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, { fields: [{ path, message }] });

/**
 * One approver's verdict. Refused (and recorded): deciding one's own request, not being an approver
 * at any level of the request's rules, outside one's time window, a wrong or missing second factor
 * on a require_mfa request (a TOTP or recovery code, or a security-key assertion). A deny needs a reason and wins at once; approvals count per level and
 * the request is granted when every level has enough, valid for the rules' valid_for_seconds.
 */
export async function decideApprovalRequest(ctx: Ctx, id: string, input: TDecideApprovalInput) {
  if (!UUID_RE.test(id)) throw notFound("Approval request");
  await expireApprovalRequests(ctx.orgId);
  const r = await db().approvalRequest.findFirst({ where: { id, orgId: ctx.orgId } });
  if (!r) throw notFound("Approval request");
  if (r.status !== "pending") {
    throw new AppError("conflict", `This request is already ${r.status}`, { reason: `already_${r.status}` });
  }
  const user = await db().user.findFirst({
    where: { id: ctx.principal.userId, orgId: ctx.orgId, status: "active" },
    include: { memberships: { include: { group: { select: { name: true } } } } },
  });
  if (!user) throw forbidden();
  const rules: TApprovals = ZApprovals.parse(r.rules);
  const step = input.verdict;
  const refuse = async (reason: string, message: string) => {
    await recordApprovalEventNow(ctx.orgId, ctx.meta, step, r, { reason });
    return forbidden(message, reason);
  };

  const check = checkApprover(rules, approverOf(user, r.localUser), new Date());
  if (!check.ok) throw await refuse(check.reason, check.message);

  const reason = input.reason?.trim() || null;
  if (step === "deny" && !reason) throw needField("reason", "a reason is required to deny");
  if (step === "approve" && rules.reason_on_approve && !reason) {
    throw needField("reason", "this policy requires a reason to approve");
  }

  let mfa: { factor: string; at: Date } | null = null;
  if (r.kind === "require_mfa") {
    const proof = await verifyFreshSecondFactor(ctx, input, `approval:${r.id}`);
    if (!proof.ok) {
      if (proof.reason === "second_factor_missing") throw needField("code", "this request needs a fresh second factor");
      throw await refuse(proof.reason, proof.message);
    }
    mfa = { factor: proof.factor, at: proof.at };
  }

  const result = await db().$transaction(async (tx) => {
    // Lock the request: concurrent verdicts are tallied one after the other.
    const [locked] = await tx.$queryRaw<{ status: string }[]>`
      SELECT "status" FROM "ApprovalRequest" WHERE "id" = ${r.id}::uuid FOR UPDATE`;
    if (locked?.status !== "pending") return { conflict: locked?.status ?? "missing" } as const;
    const votes = await tx.approvalDecision.findMany({ where: { requestId: r.id } });
    if (votes.some((v) => v.userId === user.id)) return { conflict: "already_voted" } as const;
    const level = levelForVote(rules, votes.map(asVote), check.levels);
    const vote = await tx.approvalDecision.create({
      data: {
        orgId: ctx.orgId,
        requestId: r.id,
        userId: user.id,
        userLabel: user.email,
        level,
        verdict: step,
        reason,
        mfaFactor: mfa?.factor ?? null,
        mfaAt: mfa?.at ?? null,
      },
    });
    const t = tally(rules, [...votes, vote].map(asVote));
    const now = new Date();
    await recordApprovalEvent(tx, ctx.orgId, ctx.meta, step, r, "success", {
      level,
      reason,
      mfaFactor: mfa?.factor ?? null,
      result: t.status,
      levels: t.levels,
    });
    if (t.status !== "pending") {
      const validUntil = t.status === "approved" ? new Date(now.getTime() + rules.valid_for_seconds * 1000) : null;
      await tx.approvalRequest.update({ where: { id: r.id }, data: { status: t.status, decidedAt: now, validUntil } });
      if (t.status === "approved") {
        await recordApprovalEvent(tx, ctx.orgId, ctx.meta, "grant", r, "success", {
          validUntil: validUntil?.toISOString(),
          approvers: [...votes, vote]
            .filter((v) => v.verdict === "approve")
            .map((v) => ({ by: v.userLabel, level: v.level })),
        });
      }
      await notifyApprovalEvent(tx, "decided", r);
    }
    return { ok: true } as const;
  });
  if ("conflict" in result) {
    const message =
      result.conflict === "already_voted"
        ? "You have already decided this request"
        : `This request is already ${result.conflict}`;
    throw new AppError("conflict", message, { reason: result.conflict });
  }
  await notifyApprovalChange(r.id);
  const updated = await db().approvalRequest.findUniqueOrThrow({
    where: { id: r.id },
    include: { decisions: { orderBy: { createdAt: "asc" } }, device: { select: { hostname: true } } },
  });
  return presentRequest(updated);
}

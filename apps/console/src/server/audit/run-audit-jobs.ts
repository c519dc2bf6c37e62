import { ensureAuditPartitions, type PrismaClient } from "@luminous/db";
import { env } from "../env";
import { log } from "../log";
import { applyRetention, dropEmptyOldPartitions } from "./apply-retention";
import { saveVerification, verifyAuditTrail } from "./verify-audit-trail";
import { writeCheckpoint } from "./write-checkpoint";

export type AuditJob = "partitions" | "checkpoints" | "verify" | "retention";

/** One run of a scheduled audit job over every org. Failures of one org are logged, not fatal. */
export async function runAuditJob(
  prisma: PrismaClient,
  job: AuditJob,
  opts: { signUncovered?: boolean } = {},
): Promise<void> {
  if (job === "partitions") {
    await ensureAuditPartitions(prisma);
    const dropped = await dropEmptyOldPartitions(prisma);
    log("info", "audit partitions ensured", { dropped });
    return;
  }
  const orgs = await prisma.org.findMany({ select: { id: true } });
  for (const { id } of orgs) {
    try {
      if (job === "checkpoints") {
        const r = await writeCheckpoint(id, new Date(), opts);
        if (r.written) log("info", "audit checkpoint written", { orgId: id, lanes: r.lanes });
      } else if (job === "verify") {
        const r = await verifyAuditTrail(prisma, id, { checkpointSeconds: env().AUDIT_CHECKPOINT_SECONDS });
        await saveVerification(prisma, r);
        log(r.ok ? "info" : "error", "audit trail verified", {
          orgId: id,
          ok: r.ok,
          count: r.count,
          problem: r.problems[0]?.message,
        });
      } else {
        // A checkpoint first, so retention has a fresh anchor to cut at.
        await writeCheckpoint(id);
        const r = await applyRetention(prisma, id);
        if (r.deleted) log("info", "audit retention applied", { ...r });
      }
    } catch (e) {
      log("error", `audit job ${job} failed`, { orgId: id, err: e });
    }
  }
}

import { FRAMEWORKS, type TFramework } from "@luminous/compliance";
import type { ReportRun } from "@luminous/db";
import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { log } from "../log";
import { buildEvidencePackage } from "./build-evidence-package";
import { MAX_ATTEMPTS, retryDelayMs } from "./report-run-schemas";
import { storeReportPackage } from "./store-report-package";

const SYSTEM = { actor: { type: "system" as const, label: "report scheduler" } };

const describe = (r: ReportRun) => ({
  framework: r.framework,
  cadence: r.cadence,
  from: r.periodFrom.toISOString(),
  to: r.periodTo.toISOString(),
  attempt: r.attempts,
});

/**
 * Generates one claimed run (status running): builds its evidence package, stores it with its
 * SHA-256 and marks it succeeded, or records why it failed and when it is tried again (no more
 * after MAX_ATTEMPTS). Either way the generation is an audit event of the org.
 */
export async function generateReportRun(run: ReportRun, now = new Date()): Promise<"succeeded" | "failed"> {
  const target = { type: "report_run", id: run.id, label: `${run.framework} ${run.cadence}` };
  try {
    if (!FRAMEWORKS.includes(run.framework as TFramework)) throw new Error(`unknown framework ${run.framework}`);
    const pkg = await buildEvidencePackage({
      orgId: run.orgId,
      framework: run.framework as TFramework,
      from: run.periodFrom,
      to: run.periodTo,
      generatedBy:
        run.cadence === "once"
          ? `report scheduler, asked for by ${run.requestedByLabel}`
          : `report scheduler (${run.cadence} schedule of ${run.requestedByLabel})`,
      now,
    });
    try {
      await storeReportPackage(run.id, pkg.zip);
    } finally {
      pkg.remove();
    }
    await db().$transaction(async (tx) => {
      await tx.reportRun.update({
        where: { id: run.id },
        data: {
          status: "succeeded",
          finishedAt: new Date(),
          sha256: pkg.sha256,
          bytes: BigInt(pkg.bytes),
          summary: pkg.report.summary,
          lastError: null,
          nextAttemptAt: null,
        },
      });
      await recordAudit(tx, run.orgId, SYSTEM, {
        action: "compliance.report_run.generate",
        outcome: "success",
        target,
        data: { ...describe(run), sha256: pkg.sha256, bytes: pkg.bytes, summary: pkg.report.summary },
      });
    });
    return "succeeded";
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const retry = run.attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(run.attempts)) : null;
    log("error", "scheduled report failed", {
      orgId: run.orgId,
      runId: run.id,
      err: e,
      retryAt: retry?.toISOString() ?? null,
    });
    await db().reportRun.update({
      where: { id: run.id },
      data: { status: "failed", finishedAt: new Date(), lastError: reason.slice(0, 2000), nextAttemptAt: retry },
    });
    await recordAuditNow(run.orgId, SYSTEM, {
      action: "compliance.report_run.generate",
      outcome: "failure",
      target,
      data: { ...describe(run), error: reason.slice(0, 2000), retryAt: retry?.toISOString() ?? null },
    });
    return "failed";
  }
}

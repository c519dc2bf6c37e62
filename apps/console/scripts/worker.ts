/**
 * Scheduled jobs of the console (run one worker per deployment, next to the web nodes):
 * audit partitions, signed chain checkpoints, chain verification (the integrity badge),
 * retention, the daily compliance history (every control's status per UTC day, chained) and approval
 * expiry (pending requests past their expiry, unused approvals past their validity; every minute by
 * default). `--once` runs every job once and exits (cron-style deployments, tests).
 *
 *   npm run worker [-- --once] [-- --checkpoint-seconds 300 --verify-seconds 3600] [-- --sign-uncovered]
 *                  [-- --approvals-seconds 60]
 *
 * The checkpoint interval defaults to AUDIT_CHECKPOINT_SECONDS, which verification also reads: rows
 * older than twice it must be covered by a checkpoint. Before signing a lane the worker verifies it
 * from its last checkpoint and refuses a lane that does not verify. `--sign-uncovered` lets it
 * start the checkpoint chain of a lane whose events are already older than that limit (a
 * deployment whose worker never ran); without it such a lane looks like one whose checkpoints
 * were deleted, and is refused.
 *
 * WORKER_METRICS_PORT serves /metrics (job runs and durations, the fleet gauges) with the same
 * access rules as the console's (METRICS_TOKEN / METRICS_ALLOW; with neither, the port's own
 * reach is the protection: bind it with WORKER_METRICS_HOST, 127.0.0.1 by default).
 */
import "./use-demo-env";
import { parseArgs } from "node:util";
import { runApprovalExpiry } from "../src/server/approvals/run-approval-expiry";
import { type AuditJob, runAuditJob } from "../src/server/audit/run-audit-jobs";
import { runComplianceSnapshots } from "../src/server/compliance/run-compliance-snapshots";
import { db } from "../src/server/db";
import { env } from "../src/server/env";
import { log } from "../src/server/log";
import { startWorkerMetrics, timeJob } from "../src/server/metrics/worker-metrics";

const { values } = parseArgs({
  options: {
    once: { type: "boolean" },
    "checkpoint-seconds": { type: "string", default: String(env().AUDIT_CHECKPOINT_SECONDS) },
    "sign-uncovered": { type: "boolean" },
    "verify-seconds": { type: "string", default: "3600" },
    "retention-seconds": { type: "string", default: "86400" },
    "partitions-seconds": { type: "string", default: "21600" },
    "compliance-seconds": { type: "string", default: "3600" },
    "approvals-seconds": { type: "string", default: "60" },
  },
});

const schedule: [AuditJob, number][] = [
  ["partitions", Number(values["partitions-seconds"])],
  ["checkpoints", Number(values["checkpoint-seconds"])],
  ["retention", Number(values["retention-seconds"])],
  ["verify", Number(values["verify-seconds"])],
];
for (const [job, s] of schedule) {
  if (!(s >= 1)) throw new Error(`--${job}-seconds must be a number of seconds >= 1`);
}
// Checked hourly by default: a day is stored once, soon after it ends (UTC).
const complianceSeconds = Number(values["compliance-seconds"]);
if (!(complianceSeconds >= 1)) throw new Error("--compliance-seconds must be a number of seconds >= 1");
const approvalsSeconds = Number(values["approvals-seconds"]);
if (!(approvalsSeconds >= 1)) throw new Error("--approvals-seconds must be a number of seconds >= 1");
const expireApprovals = () => timeJob("approvals", () => runApprovalExpiry());

const runJob = (job: AuditJob, opts?: { signUncovered?: boolean }) => timeJob(job, () => runAuditJob(db(), job, opts));

if (values.once) {
  for (const [job] of schedule) await runJob(job, { signUncovered: values["sign-uncovered"] });
  await runComplianceSnapshots();
  await expireApprovals();
  await db().$disconnect();
} else {
  let stopping = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<void>>();
  const start = (job: AuditJob) => {
    if (stopping) return;
    const p = runJob(job).catch((e) => log("error", `audit job ${job} failed`, { err: e }));
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const metricsServer = startWorkerMetrics();
  for (const [job, s] of schedule) {
    start(job);
    timers.push(setInterval(() => start(job), s * 1000));
  }
  const every = (seconds: number, what: string, job: () => Promise<unknown>) => {
    const once = () => {
      if (stopping) return;
      const p = job().then(
        () => undefined,
        (e) => log("error", `${what} failed`, { err: e }),
      );
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    once();
    timers.push(setInterval(once, seconds * 1000));
  };
  every(complianceSeconds, "compliance history", () => runComplianceSnapshots());
  every(approvalsSeconds, "approval expiry", expireApprovals);
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      metricsServer?.close();
      await Promise.all(running);
      await db().$disconnect();
      process.exit(0);
    });
  }
  log("info", "worker started", { schedule: Object.fromEntries(schedule) });
}

/**
 * Scheduled jobs of the console (run one worker per deployment, next to the web nodes):
 * audit partitions, signed chain checkpoints, chain verification (the integrity badge),
 * retention, the daily compliance history (every control's status per UTC day, chained), approval
 * expiry (pending requests past their expiry, unused approvals past their validity; every minute by
 * default), the scheduled compliance reports (each schedule's previous month or week, and reports
 * asked for on the Compliance page, kept with their evidence packages; a failed one is retried with
 * backoff; every minute by default), the notification outbox (approval emails and webhooks,
 * invitations; sent with retries, woken at once by LISTEN/NOTIFY) and SIEM forwarding (each
 * destination follows the audit trail from its own cursors; --siem-poll-ms). `--once` runs every
 * job once and exits (cron-style deployments, tests; it does not forward to SIEMs); `--only` picks
 * some of them.
 *
 *   npm run worker [-- --once [--only compliance,reports,notify]] [-- --checkpoint-seconds 300 --verify-seconds 3600]
 *                  [-- --sign-uncovered] [-- --approvals-seconds 60] [-- --reports-seconds 60] [-- --notify-seconds 5]
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
import { runScheduledReports } from "../src/server/compliance/run-scheduled-reports";
import { closeDatabases, db } from "../src/server/db";
import { env } from "../src/server/env";
import { log } from "../src/server/log";
import { startWorkerMetrics, timeJob } from "../src/server/metrics/worker-metrics";
import { deliverAllDue, runNotificationLoop } from "../src/server/notifications/run-notification-round";
import { startSiemDelivery } from "../src/server/siem/run-siem-delivery";

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
    "reports-seconds": { type: "string", default: "60" },
    only: { type: "string" },
    "notify-seconds": { type: "string", default: "5" },
    "siem-poll-ms": { type: "string", default: "500" },
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
// Checked every minute by default: a report asked for on the page starts soon after.
const reportsSeconds = Number(values["reports-seconds"]);
if (!(reportsSeconds >= 1)) throw new Error("--reports-seconds must be a number of seconds >= 1");
// One report job at a time in this process: a long generation is not started twice.
let reporting = false;
const reports = async () => {
  if (reporting) return;
  reporting = true;
  try {
    const r = await runScheduledReports();
    if (r.queued || r.succeeded || r.failed) log("info", "scheduled reports", r);
  } finally {
    reporting = false;
  }
};
// The outbox is also woken at once by LISTEN/NOTIFY; this is the longest a due retry waits.
const notifySeconds = Number(values["notify-seconds"]);
if (!(notifySeconds >= 1)) throw new Error("--notify-seconds must be a number of seconds >= 1");

const runJob = (job: AuditJob, opts?: { signUncovered?: boolean }) => timeJob(job, () => runAuditJob(db(), job, opts));

if (values.once) {
  // --only: a comma-separated subset of partitions, checkpoints, retention, verify, compliance, approvals, reports.
  const only = values.only ? new Set(values.only.split(",").map((j) => j.trim())) : null;
  const picked = (job: string) => !only || only.has(job);
  for (const [job] of schedule) if (picked(job)) await runJob(job, { signUncovered: values["sign-uncovered"] });
  if (picked("compliance")) await runComplianceSnapshots();
  if (picked("approvals")) await expireApprovals();
  if (picked("reports")) await reports();
  if (picked("notify")) await deliverAllDue();
  await closeDatabases();
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
  // SIEM forwarding runs continuously, each destination on its own task (docs/siem.md).
  const siemPollMs = Number(values["siem-poll-ms"]);
  if (!(siemPollMs >= 50)) throw new Error("--siem-poll-ms must be a number of milliseconds >= 50");
  const siem = startSiemDelivery(db(), { pollMs: siemPollMs });
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
  every(reportsSeconds, "scheduled reports", reports);
  const outbox = runNotificationLoop({ pollMs: notifySeconds * 1000, stopped: () => stopping });
  running.add(outbox);
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      metricsServer?.close();
      await Promise.all([...running, siem.stop()]);
      await closeDatabases();
      process.exit(0);
    });
  }
  log("info", "worker started", { schedule: Object.fromEntries(schedule) });
}

/**
 * The measured side of bench/compliance.ts, in a process of its own so its peak RSS is the
 * report's: claims the queued run BENCH_RUN_ID and generates it as the worker does. Prints one
 * JSON line: phases (ms), peak RSS (MB).
 */

import { generateReportRun } from "../apps/console/src/server/compliance/generate-report-run";
import { claimReportRun } from "../apps/console/src/server/compliance/run-scheduled-reports";
import { closeDatabases } from "../apps/console/src/server/db";

const t0 = performance.now();
const run = await claimReportRun();
if (!run || run.id !== process.env.BENCH_RUN_ID) throw new Error("the bench run was not the one claimed");
const t1 = performance.now();
const status = await generateReportRun(run);
const t2 = performance.now();
await closeDatabases();
process.stdout.write(
  `${JSON.stringify({
    status,
    claimMs: Math.round(t1 - t0),
    generateMs: Math.round(t2 - t1),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);

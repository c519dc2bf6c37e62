/**
 * npm run audit:verify [-- --org <id or slug>] [-- --json] [-- --no-save] [-- --witness FILE]
 *
 * Verifies each org's audit trail (org chain, signed checkpoints and their chain, coverage, row
 * contents, device chains) and says precisely which row was edited, deleted or inserted. With
 * --witness, also against checkpoints kept outside the database (`luminous-agent witnesses export`,
 * or a SIEM / object-storage copy in the same JSON format, see packages/audit/README.md): only the
 * org the file is for is verified, with the keys the file names. Prints the detection window (events
 * no checkpoint covers yet). Needs only DATABASE_URL (public keys are stored in the clear) and
 * AUDIT_CHECKPOINT_SECONDS if the worker's interval is not the default 300.
 * Exit 0: every org verified; 1: a problem was found; 2: bad arguments or environment.
 */
import "./use-demo-env";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseCheckpointExport, type TCheckpointExport } from "@luminous/audit";
import { createPrisma } from "@luminous/db";
import { z } from "zod";
import { saveVerification, type VerifyReport, verifyAuditTrail } from "../src/server/audit/verify-audit-trail";

const env = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  })
  .safeParse(process.env);
if (!env.success) {
  const i = env.error.issues[0];
  process.stderr.write(`Invalid environment: ${i?.path.join(".")} ${i?.message ?? "is required"}\n`);
  process.exit(2);
}
const { values } = parseArgs({
  options: {
    org: { type: "string" },
    json: { type: "boolean" },
    "no-save": { type: "boolean" },
    witness: { type: "string" },
  },
});
let witness: TCheckpointExport | undefined;
if (values.witness) {
  let text: string;
  try {
    text = readFileSync(values.witness, "utf8");
  } catch (e) {
    process.stderr.write(`--witness ${values.witness}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const parsed = parseCheckpointExport(text);
  if (!parsed.ok) {
    process.stderr.write(`--witness ${values.witness}: not a checkpoint export: ${parsed.message}\n`);
    process.exit(2);
  }
  witness = parsed.value;
}
const prisma = createPrisma(env.data.DATABASE_URL);
const orgs = await prisma.org.findMany({
  where: witness
    ? { id: witness.orgId }
    : values.org
      ? { OR: [{ slug: values.org }, ...(/^[0-9a-f-]{36}$/i.test(values.org) ? [{ id: values.org }] : [])] }
      : {},
  select: { id: true, slug: true },
});
if (orgs.length === 0) {
  process.stderr.write(
    witness ? `no org ${witness.orgId} (the witness file's)\n` : values.org ? `no org ${values.org}\n` : "no orgs\n",
  );
  process.exit(2);
}
let failed = false;
for (const org of orgs) {
  const r = await verifyAuditTrail(prisma, org.id, { checkpointSeconds: env.data.AUDIT_CHECKPOINT_SECONDS, witness });
  // A check against an outside file is not the scheduled state of the trail: the badge keeps its own.
  if (!values["no-save"] && !witness) await saveVerification(prisma, r);
  failed ||= !r.ok;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ slug: org.slug, ...r })}\n`);
    continue;
  }
  const cut = Object.entries(r.startsAfterByLane).map(([lane, n]) => `lane ${lane} from server seq ${n + 1}`);
  const window = cut.length ? ` (after retention: ${cut.join(", ")})` : "";
  process.stdout.write(
    `${r.ok ? "OK  " : "FAIL"} ${org.slug}: ${r.count} events${window}, ${r.checkpointsVerified} signed checkpoints verified` +
      `${r.knownDeviceIssues ? `, ${r.knownDeviceIssues} device gaps/breaks recorded at ingestion` : ""}\n`,
  );
  if (r.witness) {
    process.stdout.write(`     witness: ${r.witness.checked} checkpoints from ${r.witness.source} checked\n`);
  }
  for (const p of r.problems) {
    process.stdout.write(
      `     ${p.problem}${p.serverSeq !== null ? ` at lane ${p.lane} server seq ${p.serverSeq}` : ""}: ${p.message}\n`,
    );
  }
  process.stdout.write(`${detectionWindow(r.window)}\n`);
}

/** The part of the trail a database owner could still change unseen, stated with every run. */
function detectionWindow(w: VerifyReport["window"]): string {
  const lanes = w.lanes.map((l) =>
    l.uncovered === 0
      ? `lane ${l.lane}: all covered${l.lastCheckpoint ? ` (checkpoint #${l.lastCheckpoint.seq} at ${l.lastCheckpoint.at})` : ""}`
      : `lane ${l.lane}: ${l.uncovered} event${l.uncovered === 1 ? "" : "s"} since ${l.oldestUncoveredAt}`,
  );
  return (
    `     detection window: events newer than their lane's last signed checkpoint are not yet tamper-evident ` +
    `(checkpoints every ${w.intervalSeconds} s; older than ${w.coverageLimitSeconds} s must be covered)` +
    `${lanes.length ? `: ${lanes.join("; ")}` : ""}`
  );
}
await prisma.$disconnect();
process.exit(failed ? 1 : 0);

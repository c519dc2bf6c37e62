/**
 * npm run audit:verify [-- --org <id or slug>] [-- --json] [-- --no-save]
 *
 * Verifies each org's audit trail (org chain, signed checkpoints, row contents, device chains)
 * and says precisely which row was edited, deleted or inserted. Needs only DATABASE_URL (public
 * keys are stored in the clear). Exit 0: every org verified; 1: a problem was found.
 */
import { parseArgs } from "node:util";
import { createPrisma } from "@luminous/db";
import { z } from "zod";
import { saveVerification, verifyAuditTrail } from "../src/server/audit/verify-audit-trail";

const env = z
  .object({ DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL") })
  .safeParse(process.env);
if (!env.success) {
  process.stderr.write(`Invalid environment: DATABASE_URL ${env.error.issues[0]?.message ?? "is required"}\n`);
  process.exit(2);
}
const { values } = parseArgs({
  options: { org: { type: "string" }, json: { type: "boolean" }, "no-save": { type: "boolean" } },
});
const prisma = createPrisma(env.data.DATABASE_URL);
const orgs = await prisma.org.findMany({
  where: values.org
    ? { OR: [{ slug: values.org }, ...(/^[0-9a-f-]{36}$/i.test(values.org) ? [{ id: values.org }] : [])] }
    : {},
  select: { id: true, slug: true },
});
if (orgs.length === 0) {
  process.stderr.write(values.org ? `no org ${values.org}\n` : "no orgs\n");
  process.exit(2);
}
let failed = false;
for (const org of orgs) {
  const r = await verifyAuditTrail(prisma, org.id);
  if (!values["no-save"]) await saveVerification(prisma, r);
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
  for (const p of r.problems) {
    process.stdout.write(
      `     ${p.problem}${p.serverSeq !== null ? ` at lane ${p.lane} server seq ${p.serverSeq}` : ""}: ${p.message}\n`,
    );
  }
}
await prisma.$disconnect();
process.exit(failed ? 1 : 0);

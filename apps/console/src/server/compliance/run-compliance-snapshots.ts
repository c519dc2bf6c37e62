import { db } from "../db";
import { log } from "../log";
import { snapshotCompliance } from "./snapshot-compliance";

/** The worker's compliance history job: every org's missing whole days. One org's failure is logged, not fatal. */
export async function runComplianceSnapshots(now = new Date()): Promise<void> {
  const orgs = await db().org.findMany({ select: { id: true } });
  for (const { id } of orgs) {
    try {
      const r = await snapshotCompliance(id, now);
      if (r.days.length)
        log("info", "compliance history stored", { orgId: id, days: r.days, statusChanges: r.statusChanges });
    } catch (e) {
      log("error", "compliance history failed", { orgId: id, err: e });
    }
  }
}

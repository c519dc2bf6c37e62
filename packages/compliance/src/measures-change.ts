import { EventLinks, field, type Measure, type MeasureContext } from "./measure";
import type { ControlException } from "./model";

/** Action names that approve a policy change (the approvals feature records these). */
export const DEFAULT_APPROVAL_ACTIONS = ["policy.approve", "approval.approve", "approval.approved"] as const;

interface Publish {
  id: string;
  ts: string;
  actorId: string | null;
  actorLabel: string | null;
  policyId: string;
  number: number | undefined;
  note: string | undefined;
}

/**
 * CC8.1: every policy change that reached devices (a publish) names its author, carries a change
 * note, and was either approved (an approval event for that version, when approvals exist) or
 * published by someone other than its author (segregation of duties).
 */
export function changeManagementMeasure(ctx: MeasureContext): Measure {
  const byKey = new Map(ctx.population.policyVersions.map((v) => [`${v.policyId}#${v.number}`, v]));
  const byId = new Map(ctx.population.policyVersions.map((v) => [v.id, v]));
  const approvalActions = new Set(ctx.approvalActions);
  const publishes: Publish[] = [];
  const approvals = new Map<string, string[]>();
  const evidence = new EventLinks();
  return {
    add(e) {
      if (e.outcome !== "success" && e.outcome !== "approved") return;
      if (e.action === "policy.publish" && e.targetId) {
        evidence.push(e);
        const n = field(e.after, "publishedVersion");
        const note = field(e.data, "note");
        publishes.push({
          id: e.id,
          ts: e.ts,
          actorId: e.actorId,
          actorLabel: e.actorLabel,
          policyId: e.targetId,
          number: typeof n === "number" ? n : undefined,
          note: typeof note === "string" ? note : undefined,
        });
        return;
      }
      if (!e.action || !approvalActions.has(e.action)) return;
      evidence.push(e);
      // An approval names the version it approves, by id or as policy + number.
      const versionId = field(e.data, "policyVersionId") ?? (byId.has(e.targetId ?? "") ? e.targetId : undefined);
      const n = field(e.data, "version") ?? field(e.after, "version");
      const key =
        typeof versionId === "string" && byId.has(versionId)
          ? `${byId.get(versionId)!.policyId}#${byId.get(versionId)!.number}`
          : `${field(e.data, "policyId") ?? e.targetId}#${n}`;
      approvals.set(key, [...(approvals.get(key) ?? []), e.id]);
    },
    finish() {
      const exceptions: ControlException[] = [];
      let approved = 0;
      let withNote = 0;
      let selfPublished = 0;
      for (const p of publishes) {
        const key = `${p.policyId}#${p.number}`;
        const v = byKey.get(key);
        const label = v ? `${v.policyName} v${v.number}` : `policy ${p.policyId} v${p.number ?? "?"}`;
        const subject = { type: "policy_version", id: v?.id ?? key, label };
        const note = (p.note ?? v?.note ?? "").trim();
        const approvedBy = approvals.get(key) ?? [];
        if (approvedBy.length) approved++;
        if (note) withNote++;
        else exceptions.push({ summary: `${label}: published without a change note`, subject, eventIds: [p.id] });
        const self = v?.authorId != null && v.authorId === p.actorId;
        if (self) selfPublished++;
        if (self && approvedBy.length === 0) {
          exceptions.push({
            summary: `${label}: authored and published by ${p.actorLabel ?? v?.authorLabel ?? "the same person"} with no approval`,
            subject,
            eventIds: [p.id],
          });
        }
        if (!v) exceptions.push({ summary: `${label}: published version not found`, subject, eventIds: [p.id] });
      }
      return {
        population: publishes.length,
        populationLabel: "policy publishes in the period",
        numbers: { publishes: publishes.length, withChangeNote: withNote, approved, selfPublished },
        exceptions,
        evidenceEventIds: evidence.ids,
      };
    },
  };
}

/** Reading or exporting the audit trail and compliance reports: these events are the access log. */
const ACCESS_ACTIONS = new Set([
  "audit.export",
  "audit.view",
  "audit.verify",
  "compliance.report.generate",
  "compliance.report.download",
  "compliance.package.download",
]);

/**
 * PCI DSS 10.2.1.3: every access to the audit logs is itself logged, with who did it. The
 * population is the access events of the period; one without an identified actor is an exception.
 */
export function auditAccessMeasure(_ctx: MeasureContext): Measure {
  const evidence = new EventLinks();
  const anonymous = new EventLinks();
  const actors = new Set<string>();
  return {
    add(e) {
      if (!e.action || !ACCESS_ACTIONS.has(e.action)) return;
      evidence.push(e);
      if (e.actorId) actors.add(e.actorId);
      else anonymous.push(e);
    },
    finish() {
      return {
        population: evidence.count,
        populationLabel: "audit trail and report accesses in the period",
        numbers: { accesses: evidence.count, distinctActors: actors.size, unidentified: anonymous.count },
        exceptions: anonymous.count
          ? [
              {
                summary: `${anonymous.count} access(es) to the audit trail without an identified actor`,
                subject: { type: "console", id: "console", label: "console" },
                eventIds: anonymous.ids,
              },
            ]
          : [],
        evidenceEventIds: evidence.ids,
      };
    },
  };
}

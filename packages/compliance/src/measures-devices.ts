import { EventLinks, field, livedIn, type Measure, type MeasureContext } from "./measure";
import type { ControlException, EvidenceEvent, PopulationDevice } from "./model";

/** Devices enrolled before the period ended and not revoked before it began. */
const devicesIn = (ctx: MeasureContext): PopulationDevice[] =>
  ctx.population.devices.filter((d) => livedIn(ctx.period, d.enrolledAt, d.revokedAt));

const subjectOf = (d: PopulationDevice) => ({ type: "device", id: d.id, label: d.hostname });

/**
 * Audit logging is enabled on every device (audit.enabled in its effective policy) and every
 * device that was enrolled for the whole period sent audit events in it.
 */
export function auditCoverageMeasure(ctx: MeasureContext): Measure {
  const devices = devicesIn(ctx);
  const seen = new Set<string>();
  return {
    add(e) {
      if (e.category === "agent" && e.deviceId) seen.add(e.deviceId);
    },
    finish() {
      const exceptions: ControlException[] = [];
      for (const d of devices) {
        if (!d.auditEnabled) {
          exceptions.push({
            summary: `${d.hostname}: audit logging disabled by policy`,
            subject: subjectOf(d),
            eventIds: [],
          });
        } else if (!seen.has(d.id) && d.enrolledAt <= ctx.period.from && d.revokedAt === null) {
          exceptions.push({
            summary: `${d.hostname}: no audit event in the period`,
            subject: subjectOf(d),
            eventIds: [],
          });
        }
      }
      return {
        population: devices.length,
        populationLabel: "devices enrolled in the period",
        numbers: {
          devices: devices.length,
          auditDisabled: devices.filter((d) => !d.auditEnabled).length,
          devicesReporting: devices.filter((d) => seen.has(d.id)).length,
        },
        exceptions,
        evidenceEventIds: [],
      };
    },
  };
}

/** Integrity alarms: chain gaps and breaks, forged or refused events, rejected policy bundles. */
const isAlarm = (e: EvidenceEvent) =>
  e.category === "integrity" || e.type === "bundle_rejected" || e.action === "device.bundle.rejected";

/** Every integrity alarm of the period is an exception of its device (or of the console). */
export function integrityAlarmsMeasure(ctx: MeasureContext): Measure {
  const devices = devicesIn(ctx);
  const names = new Map(ctx.population.devices.map((d) => [d.id, d.hostname]));
  const byDevice = new Map<string, { links: EventLinks; types: Set<string> }>();
  const all = new EventLinks();
  return {
    add(e) {
      if (!isAlarm(e)) return;
      all.push(e);
      const key = e.deviceId ?? e.targetId ?? "console";
      const a = byDevice.get(key) ?? { links: new EventLinks(), types: new Set<string>() };
      a.links.push(e);
      a.types.add(e.type);
      byDevice.set(key, a);
    },
    finish() {
      const exceptions = [...byDevice].map(([id, a]) => {
        const label = names.get(id) ?? (id === "console" ? "console" : id);
        return {
          summary: `${label}: ${a.links.count} integrity alarm(s) (${[...a.types].sort().join(", ")})`,
          subject: { type: id === "console" ? "console" : "device", id, label },
          eventIds: a.links.ids,
        };
      });
      return {
        population: devices.length,
        populationLabel: "devices enrolled in the period",
        numbers: { integrityAlarms: all.count, devicesWithAlarms: exceptions.length },
        exceptions,
        evidenceEventIds: all.ids,
      };
    },
  };
}

/** CC7.2: both of the above, over the same devices. */
export function monitoringMeasure(ctx: MeasureContext): Measure {
  const coverage = auditCoverageMeasure(ctx);
  const alarms = integrityAlarmsMeasure(ctx);
  return {
    add(e) {
      coverage.add(e);
      alarms.add(e);
    },
    finish() {
      const c = coverage.finish();
      const a = alarms.finish();
      return {
        population: c.population,
        populationLabel: c.populationLabel,
        numbers: { ...c.numbers, ...a.numbers },
        exceptions: [...c.exceptions, ...a.exceptions],
        evidenceEventIds: a.evidenceEventIds,
      };
    },
  };
}

/**
 * Data does not leave the boundary: no device's effective policy lets ask-nix send prompts to an
 * external LLM (llm.allow_external), and no policy version published in the period allowed it.
 */
export function externalDataMeasure(ctx: MeasureContext): Measure {
  const devices = devicesIn(ctx);
  const versions = new Map(ctx.population.policyVersions.map((v) => [`${v.policyId}#${v.number}`, v]));
  const publishes = new EventLinks();
  const exceptions: ControlException[] = [];
  return {
    add(e) {
      if (e.action !== "policy.publish" || e.outcome !== "success" || !e.targetId) return;
      publishes.push(e);
      const v = versions.get(`${e.targetId}#${field(e.after, "publishedVersion")}`);
      if (v?.allowExternal) {
        exceptions.push({
          summary: `policy ${v.policyName} v${v.number} published with llm.allow_external`,
          subject: { type: "policy_version", id: v.id, label: `${v.policyName} v${v.number}` },
          eventIds: [e.id],
        });
      }
    },
    finish() {
      for (const d of devices) {
        if (d.allowExternal && d.revokedAt === null) {
          exceptions.push({ summary: `${d.hostname}: external LLM allowed`, subject: subjectOf(d), eventIds: [] });
        }
      }
      return {
        population: devices.length,
        populationLabel: "devices enrolled in the period",
        numbers: {
          devicesAllowingExternal: devices.filter((d) => d.allowExternal && d.revokedAt === null).length,
          publishes: publishes.count,
        },
        exceptions,
        evidenceEventIds: publishes.ids,
      };
    },
  };
}

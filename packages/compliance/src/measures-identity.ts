import { day, EventLinks, field, livedIn, type Measure, type MeasureContext, type MeasureOutput } from "./measure";
import type { ControlException, EvidenceEvent } from "./model";

const MFA_ACTIONS = new Set(["user.mfa.enable", "user.mfa.disable"]);

/**
 * Every local account that was active at any time in the period had a second factor all through
 * it. An MFA change inside the period settles the question for that user (enabled on day N: no
 * factor before N; disabled: none after); with no change, the factor enrolled now is judged.
 * SSO accounts authenticate at their IdP, whose MFA the console cannot see: counted, not judged.
 */
export function mfaMeasure(ctx: MeasureContext): Measure {
  const { period, population } = ctx;
  const users = population.users.filter((u) => livedIn(period, u.createdAt, u.deactivatedAt));
  const changes = new Map<string, { enabled: EventLinks; disabled: EventLinks; firstEnable?: string }>();
  const signIns = { ok: 0, failed: 0 };
  const evidence = new EventLinks();
  return {
    add(e: EvidenceEvent) {
      if (e.action === "auth.signin") {
        if (e.outcome === "success") signIns.ok++;
        else signIns.failed++;
        return;
      }
      if (!e.action || !MFA_ACTIONS.has(e.action) || e.outcome !== "success" || !e.targetId) return;
      evidence.push(e);
      const c = changes.get(e.targetId) ?? { enabled: new EventLinks(), disabled: new EventLinks() };
      if (e.action === "user.mfa.enable") {
        c.enabled.push(e);
        if (!c.firstEnable || e.ts < c.firstEnable) c.firstEnable = e.ts;
      } else c.disabled.push(e);
      changes.set(e.targetId, c);
    },
    finish(): MeasureOutput {
      const local = users.filter((u) => u.source === "local");
      const exceptions: ControlException[] = [];
      let withMfa = 0;
      for (const u of local) {
        const subject = { type: "user", id: u.id, label: u.email };
        const c = changes.get(u.id);
        if (c?.disabled.count) {
          exceptions.push({
            summary: `${u.email}: second factor removed during the period`,
            subject,
            eventIds: c.disabled.ids,
          });
        } else if (c?.firstEnable && u.createdAt < c.firstEnable) {
          exceptions.push({
            summary: `${u.email}: no second factor until ${day(c.firstEnable)}`,
            subject,
            eventIds: c.enabled.ids,
          });
        } else if (!c && !u.mfa) {
          exceptions.push({ summary: `${u.email}: no second factor`, subject, eventIds: [] });
        } else withMfa++;
      }
      return {
        population: local.length,
        populationLabel: "local accounts active in the period",
        numbers: {
          accountsWithMfa: withMfa,
          accountsWithoutMfa: exceptions.length,
          ssoAccounts: users.length - local.length,
          signIns: signIns.ok,
          failedSignIns: signIns.failed,
        },
        exceptions,
        evidenceEventIds: evidence.ids,
      };
    },
  };
}

const LIFECYCLE = new Set(["user.create", "user.provision", "user.invite.accept", "user.deactivate"]);

/**
 * Access ends when the account is deactivated: after a user's deactivation (the account's
 * deactivatedAt), no action is performed under that account (sign-in, API call, admin change).
 */
export function deprovisioningMeasure(ctx: MeasureContext): Measure {
  const deactivated = new Map<string, { at: string; email: string }>();
  for (const u of ctx.population.users)
    if (u.deactivatedAt) deactivated.set(u.id, { at: u.deactivatedAt, email: u.email });
  const lifecycle = new EventLinks();
  const counts = { provisioned: 0, deprovisioned: 0 };
  const after = new Map<string, EventLinks>();
  return {
    add(e) {
      if (e.action && LIFECYCLE.has(e.action) && e.outcome === "success") {
        lifecycle.push(e);
        if (e.action === "user.deactivate") counts.deprovisioned++;
        else counts.provisioned++;
        return;
      }
      if (e.actorType !== "user" || !e.actorId || e.outcome !== "success" || e.action === "auth.signout") return;
      const d = deactivated.get(e.actorId);
      if (!d || e.ts <= d.at) return;
      const links = after.get(e.actorId) ?? new EventLinks();
      links.push(e);
      after.set(e.actorId, links);
    },
    finish() {
      const exceptions: ControlException[] = [];
      for (const [userId, links] of after) {
        const d = deactivated.get(userId)!;
        exceptions.push({
          summary: `${d.email}: ${links.count} action(s) after deactivation on ${day(d.at)}`,
          subject: { type: "user", id: userId, label: d.email },
          eventIds: links.ids,
        });
      }
      return {
        population: counts.deprovisioned,
        populationLabel: "deactivations in the period",
        numbers: {
          provisioned: counts.provisioned,
          deprovisioned: counts.deprovisioned,
          actionsAfterDeactivation: [...after.values()].reduce((n, l) => n + l.count, 0),
        },
        exceptions,
        evidenceEventIds: lifecycle.ids,
      };
    },
  };
}

const ROLE_ACTIONS = new Set(["user.role.change", "user.role.sync"]);
const PRIVILEGED = new Set(["owner", "admin", "security_admin"]);

/**
 * Every role change is recorded with who made it, and nobody raises their own role: a change whose
 * actor is the account it changes is an exception. Grants of a privileged role are counted.
 */
export function roleChangesMeasure(_ctx: MeasureContext): Measure {
  const evidence = new EventLinks();
  const exceptions: ControlException[] = [];
  let privilegedGrants = 0;
  return {
    add(e) {
      if (!e.action || !ROLE_ACTIONS.has(e.action) || e.outcome !== "success") return;
      evidence.push(e);
      const to = field(e.after, "role");
      const from = field(e.before, "role");
      if (typeof to === "string" && PRIVILEGED.has(to)) privilegedGrants++;
      const label = e.targetLabel ?? e.targetId ?? "unknown user";
      if (e.actorType === "user" && e.actorId !== null && e.actorId === e.targetId) {
        exceptions.push({
          summary: `${label} changed their own role (${from ?? "?"} -> ${to ?? "?"})`,
          subject: { type: "user", id: e.targetId ?? "", label },
          eventIds: [e.id],
        });
      }
    },
    finish() {
      return {
        population: evidence.count,
        populationLabel: "role changes in the period",
        numbers: { roleChanges: evidence.count, privilegedGrants, selfChanges: exceptions.length },
        exceptions,
        evidenceEventIds: evidence.ids,
      };
    },
  };
}

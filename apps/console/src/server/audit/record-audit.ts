import type { Prisma } from "@luminous/db";
import { db, type Tx } from "../db";
import { appendAuditEvents } from "./append-events";

export interface Actor {
  type: "user" | "api_token" | "device" | "system" | "anonymous";
  id?: string | null;
  label?: string | null;
}

/** Who did it and from where: carried by every request context. */
export interface AuditMeta {
  actor: Actor;
  ip?: string | null;
  userAgent?: string | null;
  sessionId?: string | null;
  requestId?: string | null;
  /** Set by requireStepUp: the sensitive action of this request was preceded by a fresh second factor. */
  stepUp?: { factor: string; at: string } | null;
}

export interface AdminEvent {
  /** e.g. "user.create", "group.member.add", "auth.signin" */
  action: string;
  outcome: "success" | "denied" | "failure";
  target?: { type: string; id?: string | null; label?: string | null };
  before?: unknown;
  after?: unknown;
  data?: Record<string, unknown>;
}

function toJson(v: unknown): Prisma.InputJsonValue | undefined {
  return v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);
}

function row(meta: AuditMeta, ev: AdminEvent) {
  return {
    ts: new Date(),
    category: "admin",
    type: `admin.${ev.action}`,
    action: ev.action,
    outcome: ev.outcome,
    actorType: meta.actor.type,
    actorId: meta.actor.id ?? null,
    actorLabel: meta.actor.label ?? null,
    targetType: ev.target?.type ?? null,
    targetId: ev.target?.id ?? null,
    targetLabel: ev.target?.label ?? null,
    before: toJson(ev.before),
    after: toJson(ev.after),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent ?? null,
    sessionId: meta.sessionId ?? null,
    requestId: meta.requestId ?? null,
    data: toJson(meta.stepUp ? { ...ev.data, stepUp: meta.stepUp } : ev.data),
  };
}

/** Records an admin event in the caller's transaction: it commits or rolls back with the change. */
export async function recordAudit(tx: Tx, orgId: string, meta: AuditMeta, ev: AdminEvent): Promise<void> {
  await appendAuditEvents(tx, orgId, [row(meta, ev)]);
}

/** Records an event on its own (denied attempts, failed sign-ins): nothing else to commit with. */
export async function recordAuditNow(orgId: string, meta: AuditMeta, ev: AdminEvent): Promise<void> {
  await db().$transaction((tx) => recordAudit(tx, orgId, meta, ev));
}

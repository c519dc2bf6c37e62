import { z } from "zod";
import { ZAction } from "./actions";

/**
 * Approval rules: who may decide a require_approval / require_mfa request and when it is decided.
 * Pure: the console applies them to the votes it stores; tests need no server.
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour)");

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** When an approver may decide: days and a daily window in a time zone (end before start wraps past midnight). */
export const ZTimeWindow = z.strictObject({
  time_zone: z.string().min(1).max(100).refine(isTimeZone, "unknown time zone"),
  days: z.array(z.enum(WEEKDAYS)).min(1),
  start: ZClock,
  end: ZClock,
});
export type TTimeWindow = z.output<typeof ZTimeWindow>;

/** One level of approvers. Every level must reach min_approvals (AND across levels). */
export const ZApprovalLevel = z.strictObject({
  name: z.string().min(1).max(100),
  /** A console permission the approver's role must hold, e.g. "approval.decide". */
  permission: z.string().regex(/^[a-z_]+\.[a-z_.]+$/, "must be a permission such as approval.decide"),
  /** Optionally, a console group the approver must belong to (by name). */
  group: z.string().min(1).max(200).optional(),
  min_approvals: z.int().min(1).max(10),
  time_window: ZTimeWindow.optional(),
});
export type TApprovalLevel = z.output<typeof ZApprovalLevel>;

export const ZApprovals = z.strictObject({
  levels: z
    .array(ZApprovalLevel)
    .min(1)
    .max(5)
    .refine((ls) => new Set(ls.map((l) => l.name)).size === ls.length, "level names must be unique"),
  /** A pending request expires after this. */
  expire_after_seconds: z.int().min(60).max(604_800),
  /** An approval may be used (once) within this time after it is granted. */
  valid_for_seconds: z.int().min(30).max(86_400),
  /** Approvers must give a reason when approving too (always when denying). */
  reason_on_approve: z.boolean(),
  /**
   * Actions that may proceed without approval in an emergency (also offline), with a typed reason,
   * a notice to every approver and a follow-up review a person must close. Each must be an action
   * the policy otherwise sends for approval or MFA (checked on the whole policy: see ZPolicy).
   */
  break_glass: z
    .array(ZAction)
    .max(50)
    .refine((a) => new Set(a).size === a.length, "actions must be listed once"),
});
export type TApprovals = z.output<typeof ZApprovals>;

export function defaultApprovals(): TApprovals {
  return {
    levels: [{ name: "approvers", permission: "approval.decide", min_approvals: 1 }],
    expire_after_seconds: 3600,
    valid_for_seconds: 900,
    reason_on_approve: false,
    break_glass: [],
  };
}

export interface Approver {
  permissions: readonly string[];
  /** Names of the console groups the approver belongs to. */
  groups: readonly string[];
  /** The approver is the person who asked (never approves their own request). */
  isRequester: boolean;
}

export type ApproverCheck =
  | { ok: true; levels: string[] }
  | { ok: false; reason: "self_approval" | "not_an_approver" | "outside_time_window"; message: string };

/** Weekday and minutes since midnight of `now` in a time zone. */
function localTime(now: Date, timeZone: string): { day: (typeof WEEKDAYS)[number]; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  const day = get("weekday").slice(0, 3).toLowerCase() as (typeof WEEKDAYS)[number];
  return { day, minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls in the window. A window that wraps midnight belongs to the day it starts. */
export function inTimeWindow(w: TTimeWindow, now: Date): boolean {
  const { day, minutes } = localTime(now, w.time_zone);
  const start = toMinutes(w.start);
  const end = toMinutes(w.end);
  if (start < end) return w.days.includes(day) && minutes >= start && minutes < end;
  if (start === end) return w.days.includes(day);
  if (minutes >= start) return w.days.includes(day);
  if (minutes < end) {
    const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
    return w.days.includes(yesterday);
  }
  return false;
}

/** The levels at which this person may decide now, or why they may not. */
export function checkApprover(rules: TApprovals, approver: Approver, now: Date): ApproverCheck {
  if (approver.isRequester) {
    return { ok: false, reason: "self_approval", message: "You cannot decide your own request" };
  }
  const member = rules.levels.filter(
    (l) => approver.permissions.includes(l.permission) && (!l.group || approver.groups.includes(l.group)),
  );
  if (member.length === 0) {
    return { ok: false, reason: "not_an_approver", message: "You are not an approver at any level of this request" };
  }
  const open = member.filter((l) => !l.time_window || inTimeWindow(l.time_window, now));
  if (open.length === 0) {
    const w = member.map((l) => l.time_window!).map((t) => `${t.days.join(",")} ${t.start}-${t.end} ${t.time_zone}`);
    return {
      ok: false,
      reason: "outside_time_window",
      message: `You may decide this request only within your approval window (${w.join("; ")})`,
    };
  }
  return { ok: true, levels: open.map((l) => l.name) };
}

export interface Vote {
  userId: string;
  level: string;
  verdict: "approve" | "deny";
}

export interface Tally {
  status: "pending" | "approved" | "denied";
  levels: { name: string; approvals: number; needed: number }[];
}

/** Deny wins; otherwise approved once every level has its approvals (each person counts once). */
export function tally(rules: TApprovals, votes: readonly Vote[]): Tally {
  const levels = rules.levels.map((l) => ({
    name: l.name,
    approvals: new Set(votes.filter((v) => v.level === l.name && v.verdict === "approve").map((v) => v.userId)).size,
    needed: l.min_approvals,
  }));
  if (votes.some((v) => v.verdict === "deny")) return { status: "denied", levels };
  return { status: levels.every((l) => l.approvals >= l.needed) ? "approved" : "pending", levels };
}

/**
 * The level a new approval counts at: the first of the approver's open levels that still needs
 * approvals (so one person never fills two levels), else their first open level.
 */
export function levelForVote(rules: TApprovals, votes: readonly Vote[], openLevels: readonly string[]): string {
  const t = tally(rules, votes);
  const needing = t.levels.find((l) => openLevels.includes(l.name) && l.approvals < l.needed);
  return needing?.name ?? openLevels[0]!;
}

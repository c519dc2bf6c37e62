import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { LoadedBundle } from "../bundle-store";
import { ApiError, createClient } from "../http-client";
import { readJson, writeJsonAtomic } from "../state";
import type { SyncContext } from "../sync";
import type { ApprovalAsk } from "./ask-approval";

/** The console asks for at least this much of a reason (checked here first, so offline too). */
export const MIN_REASON = 10;

const ZSpooled = z.object({
  id: z.uuid(),
  action: z.string(),
  packages: z.array(z.string()),
  services: z.array(z.string()),
  user: z.string(),
  sentence: z.string().optional(),
  command: z.string().optional(),
  reason: z.string(),
  decision: z.enum(["require_approval", "require_mfa"]),
  rule: z.string(),
  policyVersion: z.int(),
  occurredAt: z.string(),
  offline: z.boolean(),
});
type TSpooled = z.infer<typeof ZSpooled>;

export type BreakGlassOutcome =
  | { outcome: "break_glass"; offline: boolean; id: string; message: string }
  | { outcome: "refused"; message: string };

/** Whether the cached, signed policy lets this action break the glass. */
export function breakGlassListed(bundle: LoadedBundle, action: string): boolean {
  const listed: readonly string[] = bundle.payload.policy.approvals?.break_glass ?? [];
  return listed.includes(action);
}

const spoolDir = (ctx: SyncContext) => path.join(ctx.f.dir, "break-glass");

const client = (ctx: SyncContext) =>
  createClient({
    server: ctx.config.server,
    caFile: ctx.config.caFile,
    device: { id: ctx.config.deviceId, privateKeyPem: ctx.privateKeyPem },
  });

const unreachable = (e: unknown) => !(e instanceof ApiError) || e.status >= 500;

/** The typed reason break-glass needs, or what is wrong with it. */
export function checkBreakGlassReason(reason: string | undefined): string | null {
  return (reason?.trim().length ?? 0) >= MIN_REASON
    ? null
    : `break-glass needs --reason with at least ${MIN_REASON} characters saying why it cannot wait`;
}

/**
 * Break-glass for an action that needs approval or MFA: the policy must list it and a reason must
 * be typed. Online, the console records it (and may refuse: then the caller fails closed). The
 * console unreachable, the action still proceeds; the record waits in the state dir's
 * break-glass/ spool (0600) and is reported by flushBreakGlass when the console is back.
 */
export async function breakGlass(
  ctx: SyncContext,
  bundle: LoadedBundle,
  ask: ApprovalAsk & { reason: string },
): Promise<BreakGlassOutcome> {
  if (!breakGlassListed(bundle, ask.action)) {
    return { outcome: "refused", message: `the policy does not allow break-glass for ${ask.action}` };
  }
  const record: TSpooled = {
    ...ask,
    reason: ask.reason.trim(),
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    offline: false,
  };
  await flushBreakGlass(ctx);
  try {
    await client(ctx).call("POST", "/api/agent/v1/approvals/break-glass", record, {}, [200, 201]);
    return {
      outcome: "break_glass",
      offline: false,
      id: record.id,
      message: `recorded on the console as request ${record.id}; every approver is notified and a review is open`,
    };
  } catch (e) {
    if (!unreachable(e)) return { outcome: "refused", message: (e as Error).message };
    mkdirSync(spoolDir(ctx), { recursive: true, mode: 0o700 });
    writeJsonAtomic(path.join(spoolDir(ctx), `${record.id}.json`), { ...record, offline: true }, 0o600);
    return {
      outcome: "break_glass",
      offline: true,
      id: record.id,
      message: `cannot reach the console (${(e as Error).message}); the reason is spooled as ${record.id} and reported when it is back`,
    };
  }
}

/**
 * Reports spooled break-glass records, oldest first; each file goes once the console has stored
 * it (or refused it for good). Stops at the first failure that may pass. Returns how many were sent.
 */
export async function flushBreakGlass(ctx: SyncContext, log?: (line: string) => void): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(spoolDir(ctx)).filter((n) => n.endsWith(".json"));
  } catch {
    return 0;
  }
  const records = files
    .map((n) => ({ file: path.join(spoolDir(ctx), n), r: readJson(path.join(spoolDir(ctx), n), ZSpooled) }))
    .filter((x): x is { file: string; r: TSpooled } => x.r !== null)
    .sort((a, b) => a.r.occurredAt.localeCompare(b.r.occurredAt));
  let sent = 0;
  for (const { file, r } of records) {
    try {
      await client(ctx).call("POST", "/api/agent/v1/approvals/break-glass", r, {}, [200, 201]);
      sent += 1;
      log?.(`break-glass ${r.id} (${r.action}, offline) reported to the console`);
    } catch (e) {
      // Kept for the next try unless the console says it can never store it (taken id, bad record).
      if (!(e instanceof ApiError) || (e.status !== 409 && e.status !== 422)) return sent;
      log?.(`break-glass ${r.id} refused by the console: ${e.message}; dropped from the spool`);
    }
    rmSync(file, { force: true });
  }
  return sent;
}

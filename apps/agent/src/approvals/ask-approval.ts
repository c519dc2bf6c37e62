import { ApiError, createClient } from "../http-client";
import type { SyncContext } from "../sync";

/** What the agent sends to open a request (the console re-decides with its own policy). */
export interface ApprovalAsk {
  action: string;
  packages: string[];
  services: string[];
  user: string;
  sentence?: string;
  command?: string;
  reason?: string;
  decision: "require_approval" | "require_mfa";
  rule: string;
  policyVersion: number;
}

export interface ApprovalView {
  id: string;
  status: "pending" | "approved" | "denied" | "expired";
  kind: string;
  expiresAt: string;
  validUntil: string | null;
  denyReason: string | null;
  decisions: { by: string; level: string; verdict: string; reason: string | null; mfaFactor: string | null }[];
}

export type AskOutcome =
  | { outcome: "approved" | "denied" | "expired"; request: ApprovalView }
  | { outcome: "timeout"; request: ApprovalView }
  | { outcome: "refused"; message: string }
  | { outcome: "offline"; message: string };

/**
 * `request` exit codes: 0 approved (or break-glass proceeds), 1 denied (also: console unreachable or
 * refused), 6 expired, 7 still pending at the timeout.
 */
export const APPROVAL_EXIT = {
  approved: 0,
  break_glass: 0,
  denied: 1,
  refused: 1,
  offline: 1,
  expired: 6,
  timeout: 7,
} as const;

/** Network trouble or a server error: the console cannot answer (we fail closed). */
function unreachable(e: unknown): boolean {
  return !(e instanceof ApiError) || e.status >= 500;
}

/** One long-poll round never holds the connection longer than this. */
const ROUND_SECONDS = 25;

/**
 * Opens a request and waits for its decision, up to timeoutSeconds (the console keeps it open until
 * it expires). The console unreachable, when opening or for the whole remaining wait, is "offline":
 * the caller denies.
 */
export async function askApproval(
  ctx: SyncContext,
  ask: ApprovalAsk,
  opts: { timeoutSeconds: number; onProgress?: (r: ApprovalView, waitedSeconds: number) => void; now?: () => number },
): Promise<AskOutcome> {
  const now = opts.now ?? Date.now;
  const started = now();
  const client = createClient({
    server: ctx.config.server,
    caFile: ctx.config.caFile,
    timeoutMs: (ROUND_SECONDS + 15) * 1000,
    device: { id: ctx.config.deviceId, privateKeyPem: ctx.privateKeyPem },
  });
  let request: ApprovalView;
  try {
    const res = await client.call("POST", "/api/agent/v1/approvals", ask, {}, [200, 201]);
    request = (res.json as { request: ApprovalView }).request;
  } catch (e) {
    if (unreachable(e))
      return {
        outcome: "offline",
        message: `cannot reach the console at ${ctx.config.server}: ${(e as Error).message}`,
      };
    return { outcome: "refused", message: (e as Error).message };
  }
  let lastContact = now();
  for (;;) {
    if (request.status !== "pending") return { outcome: request.status, request };
    const left = opts.timeoutSeconds - (now() - started) / 1000;
    opts.onProgress?.(request, Math.round((now() - started) / 1000));
    if (left <= 0) return { outcome: "timeout", request };
    try {
      const res = await client.call("POST", "/api/agent/v1/approvals/wait", {
        id: request.id,
        waitSeconds: Math.max(0, Math.min(ROUND_SECONDS, Math.floor(left))),
      });
      request = res.json as ApprovalView;
      lastContact = now();
    } catch (e) {
      if (!unreachable(e)) return { outcome: "refused", message: (e as Error).message };
      if ((now() - started) / 1000 >= opts.timeoutSeconds) {
        const since = Math.round((now() - lastContact) / 1000);
        return {
          outcome: "offline",
          message: `lost the console at ${ctx.config.server} ${since}s ago: ${(e as Error).message}`,
        };
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Reports what was executed with an approval (closes the record on the console). */
export async function reportApprovalUse(
  ctx: SyncContext,
  use: { id: string; success: boolean; executedCommand?: string; detail?: string },
): Promise<ApprovalView> {
  const client = createClient({
    server: ctx.config.server,
    caFile: ctx.config.caFile,
    device: { id: ctx.config.deviceId, privateKeyPem: ctx.privateKeyPem },
  });
  const res = await client.call("POST", "/api/agent/v1/approvals/use", use);
  return res.json as ApprovalView;
}

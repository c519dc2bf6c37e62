import { userInfo } from "node:os";
import { loadBundle } from "../bundle-store";
import { EXIT } from "../decision-exit";
import { type CheckRequest, evaluate } from "../evaluate";
import { loadEnrolled, NotEnrolledError } from "../load-state";
import { APPROVAL_EXIT, type ApprovalAsk, type ApprovalView, askApproval } from "./ask-approval";
import { breakGlass } from "./break-glass";

export interface RequestArgs extends CheckRequest {
  sentence?: string;
  command?: string;
  reason?: string;
  timeoutSeconds: number;
  /** proceed without approval in an emergency (the policy must list the action; reason checked by the caller) */
  breakGlass?: boolean;
}

/** Who is asking: --user, else the user behind sudo, else the current user. */
export function requestingUser(flag?: string): string {
  return flag || process.env.SUDO_USER || userInfo().username;
}

const approvers = (r: ApprovalView) =>
  r.decisions
    .filter((d) => d.verdict === "approve")
    .map((d) => `${d.by} (${d.level}${d.mfaFactor ? `, ${d.mfaFactor}` : ""})`)
    .join(", ");

/**
 * `luminous-agent request`: decides from the cached policy like `check`; an action that needs
 * approval or MFA becomes a request on the console, and the command waits for its decision (a
 * progress line on stderr) and exits with it: 0 approved, 1 denied / console unreachable (fail
 * closed), 6 expired, 7 still pending at --timeout, 4 not enrolled / no policy. With --break-glass
 * an action the policy lists under approvals.break_glass proceeds at once (exit 0), also offline.
 */
export async function requestCommand(
  args: RequestArgs,
  opts: { stateDir?: string; json?: boolean },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let ctx: ReturnType<typeof loadEnrolled>;
  try {
    ctx = loadEnrolled(opts.stateDir);
  } catch (e) {
    if (e instanceof NotEnrolledError) {
      out(opts.json ? JSON.stringify({ outcome: "not_enrolled", message: e.message }) : e.message);
      return EXIT.no_policy;
    }
    if ((e as NodeJS.ErrnoException).code === "EACCES") {
      throw new Error("cannot read the device key: run as root (or the agent's user), or ask through the agent socket");
    }
    throw e;
  }
  const b = loadBundle(ctx.f, ctx.config);
  if (!b.ok) {
    out(opts.json ? JSON.stringify({ outcome: "no_policy", message: b.message }) : `no usable policy: ${b.message}`);
    return EXIT.no_policy;
  }
  const user = requestingUser(args.user);
  const d = evaluate(b.bundle, { ...args, user });
  if (d.decision === "allow" || d.decision === "deny") {
    out(
      opts.json
        ? JSON.stringify({ outcome: d.decision, rule: d.rule, reason: d.reason })
        : `${d.decision} (rule ${d.rule}): ${d.reason}; no approval needed`,
    );
    return d.exitCode;
  }
  const ask: ApprovalAsk = {
    action: args.action,
    packages: args.packages ?? [],
    services: args.services ?? [],
    user,
    sentence: args.sentence,
    command: args.command,
    reason: args.reason,
    decision: d.decision,
    rule: d.rule,
    policyVersion: d.policyVersion,
  };
  if (args.breakGlass) {
    const bg = await breakGlass(ctx, b.bundle, { ...ask, reason: args.reason ?? "" });
    const code = APPROVAL_EXIT[bg.outcome];
    if (opts.json) out(JSON.stringify({ ...bg, exitCode: code }));
    else if (bg.outcome === "refused") out(`denied: break-glass refused: ${bg.message} (fail closed)`);
    else out(`break-glass: proceed with ${args.action}; ${bg.message}`);
    return code;
  }
  const tty = process.stderr.isTTY;
  let lastLine = -Infinity;
  const result = await askApproval(ctx, ask, {
    timeoutSeconds: args.timeoutSeconds,
    onProgress: (r, waited) => {
      const line = `waiting for approval of request ${r.id}: ${waited}s of ${args.timeoutSeconds}s (expires ${r.expiresAt})`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (waited - lastLine >= 15) {
        err(line);
        lastLine = waited;
      }
    },
  });
  if (tty) process.stderr.write("\n");
  const code = APPROVAL_EXIT[result.outcome];
  if (opts.json) {
    out(JSON.stringify({ ...result, exitCode: code }));
    return code;
  }
  switch (result.outcome) {
    case "approved":
      out(
        `approved by ${approvers(result.request)}: request ${result.request.id}, valid until ${result.request.validUntil}; report its use: luminous-agent report-use --request ${result.request.id} --success|--failure`,
      );
      break;
    case "denied":
      out(`denied: ${result.request.denyReason ?? "no reason given"} (request ${result.request.id})`);
      break;
    case "expired":
      out(`expired: nobody decided request ${result.request.id} before ${result.request.expiresAt}; not approved`);
      break;
    case "timeout":
      out(
        `no decision within ${args.timeoutSeconds}s: not approved (request ${result.request.id} stays open until ${result.request.expiresAt})`,
      );
      break;
    case "offline":
      out(`denied: ${result.message}; approval needs the console (fail closed)`);
      break;
    case "refused":
      out(`denied: the console refused the request: ${result.message}`);
      break;
  }
  return code;
}

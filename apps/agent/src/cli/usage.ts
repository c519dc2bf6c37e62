import { AGENT_VERSION } from "../version";

const STATE = "[--state-dir D]";

/** Each command's synopsis and what it does: `help CMD` and `CMD --help` print one, `--help` all. */
export const COMMANDS: Record<string, string> = {
  enroll: `enroll --server URL --token T [--ca-file F] ${STATE} [--force]
         enrolls this machine with the console (the command the console's enrollment dialog shows)`,
  run: `run ${STATE} [--interval SECONDS] [--push-interval SECONDS] [--batch-size N]
         the daemon: syncs the policy, pushes audit events, serves the local socket API`,
  sync: `sync ${STATE} [--json]
         pulls the policy once (and sends a heartbeat); exit 0 synced, 4 not enrolled,
         5 console unreachable or bundle refused, 75 a daemon is running (it syncs on its own)`,
  push: `push ${STATE} [--json] [--batch-size N]
         pushes the audit spool to the console once, until it is empty; exit 0 all sent,
         4 not enrolled, 5 console unreachable, 75 a daemon is running (it pushes on its own)`,
  check: `check --action A [--package P]... [--service S]... [--user U] [--json] ${STATE}
         exit 0 allow, 1 deny, 2 approval required, 3 MFA required, 4 not enrolled / no policy
         every decision is logged as a policy_decision audit event`,
  request: `request --action A [--package P]... [--service S]... [--user U] [--sentence TEXT] [--command CMD]
         [--reason TEXT] [--timeout SECONDS] [--json] ${STATE}
         when check answers approval/MFA required: asks the console and waits for the decision
         exit 0 approved (or allowed), 1 denied or console unreachable (fail closed), 6 expired,
         7 no decision within --timeout (default 300), 4 not enrolled / no policy
  request --break-glass --reason TEXT --action A ...   an emergency: an action the policy lists under
         approvals.break_glass proceeds at once without approval (exit 0, also offline: the reason is
         spooled and reported later); the console notifies every approver and opens a review`,
  "report-use": `report-use --request ID (--success | --failure) [--command CMD] [--detail TEXT] ${STATE}
         reports what was executed with an approval (once, while it is valid)`,
  log: `log [--json] ${STATE}   (one event as JSON on stdin), or
  log --type T [--user U] [--session-id S] [--ip IP] [--command C] [--action A] [--package P]...
         [--service S]... [--error E] [--details JSON] ${STATE}
         stdin takes the same keys as the flags (action, packages, services at the top level or
         inside "intent"), as does the socket's POST /v1/log
         exit 0 recorded, 4 not enrolled, 65 invalid event, 75 audit spool full (nothing dropped)`,
  status: `status [--json] ${STATE}   (text: exit 75 while the audit spool is full)`,
  witnesses: `witnesses [--out FILE] ${STATE}   export the audit checkpoints this agent witnessed
         (the format audit:verify --witness reads)`,
  version: "version   (or --version) prints the agent's version",
  help: "help [COMMAND]   (or --help, COMMAND --help) prints this text or one command's",
};

const STATE_NOTE =
  "State dir (every command): --state-dir D, else $LUMINOUS_AGENT_STATE_DIR, else /var/lib/luminous-agent.";

export function usage(command?: string): string {
  if (command && command !== "help" && COMMANDS[command]) return `luminous-agent ${COMMANDS[command]}\n\n${STATE_NOTE}`;
  const lines = Object.values(COMMANDS).map((c) => `  ${c}`);
  return `luminous-agent ${AGENT_VERSION}\nusage: luminous-agent COMMAND [options]\n\n${lines.join("\n")}\n\n${STATE_NOTE}`;
}

export class UsageError extends Error {}

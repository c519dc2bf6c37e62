import { parseArgs } from "node:util";
import { checkBreakGlassReason } from "./approvals/break-glass";
import { reportUseCommand } from "./approvals/report-use-command";
import { requestCommand } from "./approvals/request-command";
import { COMMANDS, UsageError, usage } from "./cli/usage";
import { check } from "./commands/check";
import { enroll } from "./commands/enroll";
import { logCommand } from "./commands/log";
import { pushCommand } from "./commands/push";
import { run } from "./commands/run";
import { status } from "./commands/status";
import { syncCommand } from "./commands/sync";
import { witnesses } from "./commands/witnesses";
import { EXIT } from "./decision-exit";
import type { evaluate } from "./evaluate";
import { decisionEvent } from "./spool/decision-event";
import { runDecisionWriterIfWorker } from "./spool/decision-writer";
import { recordEvent } from "./spool/record-event";
import { resolveStateDir } from "./state";
import { AGENT_VERSION } from "./version";

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

const HELP_FLAGS = new Set(["--help", "-h"]);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `--help`, `help [CMD]` and `CMD --help` print usage and succeed; an unknown CMD is a usage error.
  if (!command || HELP_FLAGS.has(command) || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    if (topic && !COMMANDS[topic]) throw new UsageError(`unknown command ${topic}`);
    if (!command) throw new UsageError("no command");
    out(usage(topic));
    return 0;
  }
  if (!COMMANDS[command] && command !== "--version") throw new UsageError(`unknown command ${command}`);
  if (rest.some((a) => HELP_FLAGS.has(a))) {
    out(usage(command));
    return 0;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      server: { type: "string" },
      token: { type: "string" },
      "ca-file": { type: "string" },
      "state-dir": { type: "string" },
      force: { type: "boolean" },
      interval: { type: "string" },
      action: { type: "string" },
      package: { type: "string", multiple: true },
      service: { type: "string", multiple: true },
      user: { type: "string" },
      json: { type: "boolean" },
      "push-interval": { type: "string" },
      "batch-size": { type: "string" },
      type: { type: "string" },
      "session-id": { type: "string" },
      ip: { type: "string" },
      command: { type: "string" },
      error: { type: "string" },
      details: { type: "string" },
      sentence: { type: "string" },
      reason: { type: "string" },
      timeout: { type: "string" },
      request: { type: "string" },
      success: { type: "boolean" },
      failure: { type: "boolean" },
      detail: { type: "string" },
      out: { type: "string" },
      "break-glass": { type: "boolean" },
    },
  });
  const stateDir = values["state-dir"];
  const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 1000))
    throw new UsageError("--batch-size must be an integer from 1 to 1000");
  switch (command) {
    case "enroll":
      if (!values.server || !values.token) throw new UsageError("enroll needs --server and --token");
      return enroll(
        { server: values.server, token: values.token, caFile: values["ca-file"], stateDir, force: values.force },
        out,
      );
    case "run": {
      const interval = values.interval ? Number(values.interval) : undefined;
      if (interval !== undefined && !(interval >= 1))
        throw new UsageError("--interval must be a number of seconds >= 1");
      const pushInterval = values["push-interval"] ? Number(values["push-interval"]) : undefined;
      if (pushInterval !== undefined && !(pushInterval >= 0.05))
        throw new UsageError("--push-interval must be a number of seconds >= 0.05");
      return run({ stateDir, intervalSeconds: interval, pushIntervalSeconds: pushInterval, batchSize }, (l) =>
        err(`${new Date().toISOString()} ${l}`),
      );
    }
    case "check": {
      if (!values.action) throw new UsageError("check needs --action");
      const req = { action: values.action, packages: values.package, services: values.service, user: values.user };
      let decided: ReturnType<typeof evaluate> | null = null;
      const code = check(req, { stateDir, json: values.json, onDecision: (r) => (decided = r) }, out);
      if (decided) {
        const logged = await recordEvent(resolveStateDir(stateDir), decisionEvent(req, decided));
        if (!logged.ok) err(`luminous-agent: WARNING: decision not logged to the audit trail: ${logged.message}`);
      }
      return code;
    }
    case "request": {
      if (!values.action) throw new UsageError("request needs --action");
      const timeout = values.timeout ? Number(values.timeout) : 300;
      if (!(timeout >= 0 && timeout <= 86_400))
        throw new UsageError("--timeout must be a number of seconds from 0 to 86400");
      const bg = values["break-glass"] ? checkBreakGlassReason(values.reason) : null;
      if (bg) throw new UsageError(bg);
      return requestCommand(
        {
          action: values.action,
          packages: values.package,
          services: values.service,
          user: values.user,
          sentence: values.sentence,
          command: values.command,
          reason: values.reason,
          timeoutSeconds: timeout,
          breakGlass: values["break-glass"],
        },
        { stateDir, json: values.json },
        out,
        err,
      );
    }
    case "report-use":
      if (!values.request || values.success === values.failure)
        throw new UsageError("report-use needs --request ID and one of --success / --failure");
      return reportUseCommand(
        { id: values.request, success: !!values.success, executedCommand: values.command, detail: values.detail },
        { stateDir, json: values.json },
        out,
      );
    case "log":
      return logCommand(
        {
          type: values.type,
          user: values.user,
          sessionId: values["session-id"],
          ip: values.ip,
          command: values.command,
          action: values.action,
          packages: values.package,
          services: values.service,
          error: values.error,
          details: values.details,
        },
        { stateDir, json: values.json },
        out,
        err,
      );
    case "sync":
      return syncCommand({ stateDir, json: values.json }, out, err);
    case "push":
      return pushCommand({ stateDir, json: values.json, batchSize }, out, err);
    case "status":
      return await status({ stateDir, json: values.json }, out);
    case "witnesses":
      return witnesses({ stateDir, out: values.out }, out, err);
    case "--version":
    case "version":
      out(AGENT_VERSION);
      return 0;
    default:
      throw new UsageError(command ? `unknown command ${command}` : "no command");
  }
}

const argvCommand = process.argv[2];
if (!runDecisionWriterIfWorker())
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
        err(`${(e as Error).message}\n\n${usage(argvCommand)}`);
        process.exitCode = EXIT.usage;
      } else {
        err(`luminous-agent: ${(e as Error).message}`);
        process.exitCode = 5;
      }
    },
  );

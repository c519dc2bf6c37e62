import { parseArgs } from "node:util";
import { check } from "./commands/check";
import { enroll } from "./commands/enroll";
import { run } from "./commands/run";
import { status } from "./commands/status";
import { EXIT } from "./decision-exit";
import { AGENT_VERSION } from "./version";

const USAGE = `luminous-agent ${AGENT_VERSION}
  enroll --server URL --token T [--ca-file F] [--state-dir D] [--force]
  run    [--state-dir D] [--interval SECONDS]
  check  --action A [--package P]... [--service S]... [--user U] [--json] [--state-dir D]
         exit 0 allow, 1 deny, 2 approval required, 3 MFA required, 4 not enrolled / no policy
  status [--json] [--state-dir D]
State dir: --state-dir, else $LUMINOUS_AGENT_STATE_DIR, else /var/lib/luminous-agent.`;

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
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
    },
  });
  const stateDir = values["state-dir"];
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
      return run({ stateDir, intervalSeconds: interval }, (l) => err(`${new Date().toISOString()} ${l}`));
    }
    case "check":
      if (!values.action) throw new UsageError("check needs --action");
      return check(
        { action: values.action, packages: values.package, services: values.service, user: values.user },
        { stateDir, json: values.json },
        out,
      );
    case "status":
      return status({ stateDir, json: values.json }, out);
    case "--version":
    case "version":
      out(AGENT_VERSION);
      return 0;
    default:
      throw new UsageError(command ? `unknown command ${command}` : "no command");
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`${(e as Error).message}\n\n${USAGE}`);
      process.exitCode = EXIT.usage;
    } else {
      err(`luminous-agent: ${(e as Error).message}`);
      process.exitCode = 5;
    }
  },
);

/**
 * npm run admin -- <command> [options]: what an operator scripts without a browser. Each action is
 * an audit event of the org it touches (actor: the system, "admin CLI (<os user>@<host>)").
 *
 *   list-orgs [--json]
 *   create-api-token --email E [--name N] [--expires-days 90 | --no-expiry] [--json]
 *   reset-password --email E [--password P]      (a generated one is printed once; sessions end)
 *   reset-totp --email E                          (turns the authenticator app off; sessions end)
 *   create-enrollment-token --org ID|SLUG [--name N] [--expires-hours 24] [--max-uses N] [--group G] [--json]
 *
 * Needs DATABASE_URL, AUTH_SECRET and MASTER_KEY (read from .data/demo.env after npm run demo).
 * Exit 0 done, 1 refused (no such user or org, bad value), 64 usage.
 */
import "./use-demo-env";
import { parseArgs } from "node:util";
import { db } from "../src/server/db";
import { AppError } from "../src/server/http/errors";
import { operatorEnrollmentToken } from "../src/server/operator/create-enrollment-token";
import { listOrgs } from "../src/server/operator/list-orgs";
import { findOrg, operatorMeta, userContext } from "../src/server/operator/operator-context";
import { resetPassword } from "../src/server/operator/reset-password";
import { resetTotp } from "../src/server/operator/reset-totp";
import { createMyToken } from "../src/server/tokens/api-tokens";

const USAGE = `usage: npm run admin -- <command> [options]
  list-orgs [--json]
  create-api-token --email E [--name N] [--expires-days 90 | --no-expiry] [--json]
  reset-password --email E [--password P]
  reset-totp --email E
  create-enrollment-token --org ID|SLUG [--name N] [--expires-hours 24] [--max-uses N] [--group G] [--json]`;

class UsageError extends Error {}
const out = (s: string) => process.stdout.write(`${s}\n`);

function int(v: string | undefined, name: string, min: number, max: number, fallback: number | null) {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    out(USAGE);
    return command ? 0 : 64;
  }
  const { values: v } = parseArgs({
    args: rest,
    strict: true,
    options: {
      json: { type: "boolean" },
      email: { type: "string" },
      name: { type: "string" },
      "expires-days": { type: "string" },
      "no-expiry": { type: "boolean" },
      password: { type: "string" },
      org: { type: "string" },
      "expires-hours": { type: "string" },
      "max-uses": { type: "string" },
      group: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (v.help) {
    out(USAGE);
    return 0;
  }
  const needEmail = () => {
    if (!v.email) throw new UsageError(`${command} needs --email`);
    return v.email;
  };
  switch (command) {
    case "list-orgs": {
      const orgs = await listOrgs(operatorMeta());
      if (v.json) out(JSON.stringify(orgs));
      else for (const o of orgs) out(`${o.id}  ${o.slug}  ${o.name}  (${o.users} users, ${o.devices} devices)`);
      return 0;
    }
    case "create-api-token": {
      const ctx = await userContext(needEmail());
      const days = v["no-expiry"] ? null : int(v["expires-days"], "expires-days", 1, 730, 90);
      const t = await createMyToken(ctx, { name: v.name ?? "admin-cli", expiresInDays: days });
      if (v.json) out(JSON.stringify({ token: t.token, id: t.id, expiresAt: t.expiresAt }));
      else out(`${t.token}\n(shown once; acts as ${ctx.principal.email} with the role ${ctx.principal.role})`);
      return 0;
    }
    case "reset-password": {
      const ctx = await userContext(needEmail());
      const u = { id: ctx.principal.userId, orgId: ctx.orgId, email: ctx.principal.email };
      const password = await resetPassword(u, ctx.meta, v.password);
      out(v.password ? `password of ${u.email} set; sessions ended` : `new password of ${u.email}: ${password}`);
      return 0;
    }
    case "reset-totp": {
      const ctx = await userContext(needEmail());
      const was = await resetTotp({ id: ctx.principal.userId, orgId: ctx.orgId, email: ctx.principal.email }, ctx.meta);
      out(`${ctx.principal.email}: authenticator app ${was ? "turned off" : "was not on"}; sessions ended`);
      return 0;
    }
    case "create-enrollment-token": {
      if (!v.org) throw new UsageError("create-enrollment-token needs --org");
      const org = await findOrg(v.org);
      const t = await operatorEnrollmentToken(org.id, operatorMeta(), {
        name: v.name ?? "admin-cli",
        expiresInHours: int(v["expires-hours"], "expires-hours", 1, 24 * 365, 24)!,
        maxUses: int(v["max-uses"], "max-uses", 1, 1_000_000, null),
        group: v.group,
      });
      out(v.json ? JSON.stringify(t) : `${t.command}\n(expires ${t.expiresAt})`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
        process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
        process.exitCode = 64;
      } else if (e instanceof AppError || e instanceof Error) {
        process.stderr.write(`admin: ${e.message}\n`);
        process.exitCode = 1;
      }
    },
  )
  .finally(() => db().$disconnect());

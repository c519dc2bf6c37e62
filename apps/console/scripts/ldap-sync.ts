/**
 * Scheduled LDAP directory sync: for every enabled LDAP identity provider, re-map groups and roles
 * of the users it provisioned and deactivate those who left the directory. Prints one JSON line
 * per run. `--once` runs once and exits (cron); otherwise it repeats every --every-minutes.
 *
 *   npm run ldap-sync -w @luminous/console [-- --once] [-- --every-minutes 15]
 */
import { parseArgs } from "node:util";
import { db } from "../src/server/db";
import { log } from "../src/server/log";
import { syncAllLdapDirectories } from "../src/server/sso/sync-ldap-directory";

const { values } = parseArgs({
  options: { once: { type: "boolean" }, "every-minutes": { type: "string", default: "15" } },
});
const minutes = Number(values["every-minutes"]);
if (!(minutes >= 1)) throw new Error("--every-minutes must be a number of minutes >= 1");

const runOnce = async () => {
  const reports = await syncAllLdapDirectories();
  console.log(JSON.stringify({ ts: new Date().toISOString(), reports }));
  return reports;
};

if (values.once) {
  const reports = await runOnce();
  await db().$disconnect();
  process.exit(reports.some((r) => "error" in r) ? 1 : 0);
} else {
  let running: Promise<unknown> = runOnce().catch((e) => log("error", "ldap sync failed", { err: e }));
  const timer = setInterval(() => {
    running = running.then(() => runOnce().catch((e) => log("error", "ldap sync failed", { err: e })));
  }, minutes * 60_000);
  for (const sig of ["SIGTERM", "SIGINT"] as const) {
    process.on(sig, async () => {
      clearInterval(timer);
      await running;
      await db().$disconnect();
      process.exit(0);
    });
  }
}

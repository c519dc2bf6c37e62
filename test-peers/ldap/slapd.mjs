// Starts a private OpenLDAP slapd (Debian `slapd` + `ldap-utils`) for tests: its own config and
// data in a temp directory, plain LDAP (StartTLS-capable) and LDAPS on free ports, loaded with
// directory.ldif. `node test-peers/ldap/slapd.mjs` runs one in the foreground and prints its URLs.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, startProcess, waitForPort } from "../lib.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const certs = path.join(here, "../certs");
const run = promisify(execFile);

export const LDAP_BASE = "dc=luminous,dc=test";
export const LDAP_ADMIN = { dn: "cn=admin,dc=luminous,dc=test", password: "adminpw" };
export const LDAP_SERVICE = { dn: "cn=svc-console,ou=services,dc=luminous,dc=test", password: "service-secret-123" };
export const LDAP_CA_PEM = () => fs.readFileSync(path.join(certs, "ldap-ca.crt"), "utf8");

export async function startSlapd() {
  for (const bin of ["/usr/sbin/slapd", "/usr/bin/ldapadd"]) {
    if (!fs.existsSync(bin)) {
      throw new Error(`${bin} is missing: apt-get install -y slapd ldap-utils (preseed debconf, see .ci/run and docs)`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-slapd-"));
  fs.mkdirSync(path.join(dir, "data"));
  const conf = fs
    .readFileSync(path.join(here, "slapd.conf.template"), "utf8")
    .replaceAll("@DIR@", dir)
    .replaceAll("@CERTS@", certs);
  fs.writeFileSync(path.join(dir, "slapd.conf"), conf);
  const port = await freePort();
  const tlsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
  // -d 0: stay in the foreground so the pid we hold is slapd itself.
  const proc = startProcess("/usr/sbin/slapd", [
    "-d",
    "0",
    "-f",
    path.join(dir, "slapd.conf"),
    "-h",
    `${url}/ ldaps://127.0.0.1:${tlsPort}/`,
  ]);
  try {
    await waitForPort(port);
    await waitForPort(tlsPort);
    await run("/usr/bin/ldapadd", [
      "-x",
      "-H",
      url,
      "-D",
      LDAP_ADMIN.dn,
      "-w",
      LDAP_ADMIN.password,
      "-f",
      path.join(here, "directory.ldif"),
    ]);
  } catch (err) {
    await proc.stop();
    throw new Error(`slapd did not start: ${err.message}\n${proc.output()}`);
  }
  return {
    url,
    ldapsUrl,
    base: LDAP_BASE,
    async stop() {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const s = await startSlapd();
  console.log(JSON.stringify({ url: s.url, ldapsUrl: s.ldapsUrl, base: s.base }));
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => s.stop().then(() => process.exit(0)));
}

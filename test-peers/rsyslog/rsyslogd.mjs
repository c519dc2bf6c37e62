// Debian rsyslog as a SIEM receiver for the forwarding tests: its own config in a temp dir,
// syslog over TLS (imtcp + gtls, client certificates required), plain TCP (imptcp) and UDP
// (imudp) on free loopback ports, everything received written as the raw record, one a line.
// Certificates (a CA, a server certificate for 127.0.0.1 and localhost, a client certificate)
// are made with openssl for each run. stop() / start() end and restart that rsyslogd by pid on
// the same ports and files, for outage tests.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, startProcess, waitForPort } from "../lib.mjs";

function openssl(dir, args) {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

/** A CA, a server certificate (127.0.0.1, localhost) and a client certificate, in `dir`. */
export function makeCertificates(dir) {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(dir, [
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=Test SIEM CA",
  ]);
  const leaf = (name, ext) => {
    openssl(dir, ["req", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(dir, [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    ]);
  };
  leaf("server", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  leaf("client", "extendedKeyUsage=clientAuth\n");
  const read = (f) => readFileSync(path.join(dir, f), "utf8");
  return {
    ca: read("ca.crt"),
    server: { cert: read("server.crt"), key: read("server.key") },
    client: { cert: read("client.crt"), key: read("client.key") },
  };
}

export async function startRsyslog() {
  const dir = mkdtempSync(path.join(tmpdir(), "lc-rsyslog-"));
  const certs = makeCertificates(dir);
  const [tlsPort, tcpPort, udpPort] = [await freePort(), await freePort(), await freePort()];
  const received = path.join(dir, "received.log");
  const conf = path.join(dir, "rsyslog.conf");
  writeFileSync(
    conf,
    `global(workDirectory="${dir}"
  defaultNetstreamDriverCAFile="${dir}/ca.crt"
  defaultNetstreamDriverCertFile="${dir}/server.crt"
  defaultNetstreamDriverKeyFile="${dir}/server.key"
  maxMessageSize="64k"
  # LEEF separates its attributes with tabs: keep them (rsyslog writes #011 otherwise)
  parser.escapeControlCharacterTab="off")
# Direct: a record is written by the thread that read it, so what the peer has read is on file.
main_queue(queue.type="Direct")
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")
input(type="imtcp" address="127.0.0.1" port="${tlsPort}")
module(load="imptcp")
input(type="imptcp" address="127.0.0.1" port="${tcpPort}" supportOctetCountedFraming="on")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="${udpPort}")
template(name="raw" type="string" string="%rawmsg%\\n")
action(type="omfile" file="${received}" template="raw")
`,
  );
  let proc;
  const start = async () => {
    proc = startProcess("/usr/sbin/rsyslogd", ["-n", "-f", conf, "-i", path.join(dir, "rsyslogd.pid")]);
    await waitForPort(tlsPort);
    await waitForPort(tcpPort);
  };
  await start();
  return {
    dir,
    certs,
    tlsPort,
    tcpPort,
    udpPort,
    start,
    stop: () => proc.stop(),
    output: () => proc.output(),
    /** The records received so far, one per line. */
    lines() {
      return existsSync(received) ? readFileSync(received, "utf8").split("\n").filter(Boolean) : [];
    },
    async destroy() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await startRsyslog();
  console.log(JSON.stringify({ dir: r.dir, tls: r.tlsPort, tcp: r.tcpPort, udp: r.udpPort }));
  process.on("SIGINT", async () => {
    await r.destroy();
    process.exit(0);
  });
}

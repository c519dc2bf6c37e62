import dgram from "node:dgram";
import net from "node:net";
import tls from "node:tls";
import { classifySocketError, EgressFailure } from "../http/egress-failure";
import { resolveEgressHost } from "../http/egress-policy";

export interface SyslogTarget {
  kind: "syslog_tls" | "syslog_tcp" | "syslog_udp";
  host: string;
  port: number;
  /** PEM: when set, the only CA(s) the peer's certificate may chain to. */
  caCert?: string | null;
  clientCert?: string | null;
  clientKey?: string | null;
}

const TIMEOUT_MS = 10_000;
/** RFC 5426: what fits in one UDP datagram over IPv4 (larger records are cut). */
const UDP_MAX = 65_000;

/** RFC 6587 / 5425 octet counting: `<length> <record>`, the length in bytes. */
export function octetFrame(record: string): string {
  return `${Buffer.byteLength(record, "utf8")} ${record}`;
}

/**
 * Sends syslog records to a peer through the egress policy (the host is resolved once, the
 * address checked and pinned). TCP and TLS: one connection per batch, records octet-counted;
 * the batch counts as delivered only when the peer has read up to our end of stream and closed
 * its side in turn, so a receiver that stops mid-batch makes the batch fail (and be sent again)
 * instead of losing what sat in socket buffers. UDP (RFC 5426): one record per datagram, no
 * acknowledgement at all: best effort by nature.
 */
export async function sendSyslog(t: SyslogTarget, records: string[]): Promise<void> {
  if (records.length === 0) return;
  const { address, family } = await resolveEgressHost(t.host);
  if (t.kind === "syslog_udp") return sendUdp(address, family, t.port, records);
  const payload = records.map(octetFrame).join("");
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    let socket: net.Socket;
    const done = (e?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (e) reject(classifySocketError(e));
      else resolve();
    };
    const timer = setTimeout(() => done(new EgressFailure("timeout")), TIMEOUT_MS);
    const write = () => {
      socket.end(payload);
    };
    if (t.kind === "syslog_tls") {
      const servername = net.isIP(t.host) ? undefined : t.host;
      socket = tls.connect({
        host: address,
        port: t.port,
        servername,
        ...(t.caCert ? { ca: t.caCert } : {}),
        ...(t.clientCert && t.clientKey ? { cert: t.clientCert, key: t.clientKey } : {}),
        minVersion: "TLSv1.2",
        // The certificate must name the host the admin configured (we connect to its pinned address).
        checkServerIdentity: (_h, cert) => tls.checkServerIdentity(t.host.replace(/^\[|\]$/g, ""), cert),
      });
      socket.once("secureConnect", write);
    } else {
      socket = net.connect({ host: address, port: t.port, family });
      socket.once("connect", write);
    }
    // Settled at close: a TLS peer that refuses us (a client certificate it does not accept)
    // may still let our data in and close, and only its alert tells us; the alert comes first.
    let failure: unknown;
    socket.on("error", (e) => {
      failure ??= e;
    });
    socket.on("data", () => {
      // a syslog receiver sends nothing; read and ignore
    });
    socket.once("close", (hadError) => done(failure ?? (hadError ? new EgressFailure("connect") : undefined)));
  });
}

function sendUdp(address: string, family: 4 | 6, port: number, records: string[]): Promise<void> {
  const sock = dgram.createSocket(family === 6 ? "udp6" : "udp4");
  return new Promise<void>((resolve, reject) => {
    let left = records.length;
    let failed = false;
    sock.once("error", (e) => {
      failed = true;
      sock.close();
      reject(classifySocketError(e));
    });
    for (const r of records) {
      let buf = Buffer.from(r, "utf8");
      if (buf.length > UDP_MAX) buf = buf.subarray(0, UDP_MAX);
      sock.send(buf, port, address, (e) => {
        if (failed) return;
        if (e) {
          failed = true;
          sock.close();
          reject(classifySocketError(e));
        } else if (--left === 0) {
          sock.close();
          resolve();
        }
      });
    }
  });
}

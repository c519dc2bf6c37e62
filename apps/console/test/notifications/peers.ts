/**
 * Real peers for the notification tests: an SMTP server (smtp-server, STARTTLS with its own
 * certificate, AUTH required after TLS) and an HTTP webhook receiver that verifies signatures the
 * way docs/notifications.md tells receivers to.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { SMTPServer } from "smtp-server";
import { verifyWebhook, type WebhookCheck } from "@/server/notifications/sign-webhook";

export interface ReceivedMail {
  from: string;
  to: string[];
  user: unknown;
  secure: boolean;
  subject: string;
  text: string;
}

/** The message's subject and decoded text part (nodemailer sends 7bit or quoted-printable). */
function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  let body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(head)) {
    body = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  }
  return { subject: /^subject: (.*)$/im.exec(head)?.[1] ?? "", text: body.replace(/\r\n/g, "\n") };
}

export async function startSmtp(credentials: { user: string; pass: string }) {
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] },
    ],
  });
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    key: pems.private,
    cert: pems.cert,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === credentials.user && auth.password === credentials.pass) cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password: internal-mailhost-secret-banner"));
    },
    onData(stream, session, cb) {
      const parts: Buffer[] = [];
      stream.on("data", (c: Buffer) => parts.push(c));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          secure: session.secure,
          ...parseMessage(Buffer.concat(parts).toString("utf8")),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    ca: pems.cert,
    mails,
    /** Waits for a mail to `to` whose subject matches. */
    async waitFor(to: string, subject: RegExp, ms = 10_000): Promise<ReceivedMail> {
      const end = Date.now() + ms;
      for (;;) {
        const m = mails.find((x) => x.to.includes(to) && subject.test(x.subject));
        if (m) return m;
        if (Date.now() > end) throw new Error(`no mail to ${to} matching ${subject}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface ReceivedHook {
  event: string;
  delivery: string;
  body: string;
  json: { id: string; type: string; data: Record<string, unknown> };
  check: WebhookCheck;
}

/** A webhook receiver on a fixed port that can be stopped and started again (down, then up). */
export async function startReceiver() {
  const hooks: ReceivedHook[] = [];
  let secret = "";
  let server: http.Server | undefined;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      server = http.createServer((req, res) => {
        const parts: Buffer[] = [];
        req.on("data", (c: Buffer) => parts.push(c));
        req.on("end", () => {
          const body = Buffer.concat(parts).toString("utf8");
          const check = verifyWebhook(
            secret,
            {
              signature: req.headers["x-luminous-signature"] as string,
              timestamp: req.headers["x-luminous-timestamp"] as string,
            },
            body,
          );
          hooks.push({
            event: String(req.headers["x-luminous-event"]),
            delivery: String(req.headers["x-luminous-delivery"]),
            body,
            json: JSON.parse(body),
            check,
          });
          res.writeHead(check.ok ? 204 : 401).end();
        });
      });
      server.listen(port, "127.0.0.1", () => resolve((server!.address() as AddressInfo).port));
    });
  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}/hooks/luminous`,
    hooks,
    setSecret: (s: string) => {
      secret = s;
    },
    stop: () => new Promise<void>((r) => (server ? server.close(() => r()) : r())),
    start: () => listen(port),
  };
}

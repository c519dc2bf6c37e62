import { isIP } from "node:net";
import type { EmailSettings } from "@luminous/db";
import nodemailer from "nodemailer";
import { classifySocketError, EgressFailure } from "../http/egress-failure";
import { resolveEgressHost } from "../http/egress-policy";
import { unseal } from "./sealed";

export interface OutgoingEmail {
  to: string[];
  subject: string;
  text: string;
}

/** Why a send failed, named by class; permanent ones (the server refused the message) are not retried. */
export class SmtpFailure extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
    this.name = "SmtpFailure";
  }
}

/**
 * What a mail server failure is called in the delivery log and the test button: a class and, for
 * an SMTP answer, its code, never the server's own text (which could carry anything an internal
 * service says). A refused address names the egress policy.
 */
export function smtpFailure(e: unknown): SmtpFailure {
  if (e instanceof SmtpFailure) return e;
  if (e instanceof EgressFailure) return new SmtpFailure(e.message);
  const err = e as { code?: unknown; responseCode?: unknown };
  const code = typeof err?.code === "string" ? err.code : "";
  const reply = typeof err?.responseCode === "number" ? ` (SMTP ${err.responseCode})` : "";
  const permanent = typeof err?.responseCode === "number" && err.responseCode >= 500;
  switch (code) {
    case "EAUTH":
    case "ENOAUTH":
      return new SmtpFailure(`The mail server refused the username or password${reply}`);
    case "EENVELOPE":
      return new SmtpFailure(`The mail server refused the sender or a recipient${reply}`, permanent);
    case "EMESSAGE":
      return new SmtpFailure(`The mail server refused the message${reply}`, permanent);
    case "ETLS":
      return new SmtpFailure("The mail server does not offer STARTTLS, or the TLS handshake failed");
    case "EPROTOCOL":
      return new SmtpFailure("The server did not answer as an SMTP server");
    case "ETIMEDOUT":
      return new SmtpFailure("The mail server did not answer in time");
    default: {
      const f = classifySocketError(e);
      return new SmtpFailure(
        f.kind === "tls" || f.kind === "timeout" || f.kind === "dns"
          ? f.message
          : "Could not connect to the mail server",
      );
    }
  }
}

/**
 * Sends one message through the org's mail server. The host is resolved once through the egress
 * policy and the connection made to that checked address (TLS still verifies the certificate
 * against the configured host name); connection, greeting and socket are time-bounded.
 */
export async function sendEmail(settings: EmailSettings, message: OutgoingEmail): Promise<void> {
  const host = settings.host.replace(/^\[|\]$/g, "");
  try {
    const { address } = await resolveEgressHost(host);
    const transport = nodemailer.createTransport({
      host: address,
      port: settings.port,
      secure: settings.security === "tls",
      requireTLS: settings.security === "starttls",
      ignoreTLS: settings.security === "none",
      auth: settings.username
        ? {
            user: settings.username,
            pass: settings.passwordEnc ? unseal("smtp-password", settings.orgId, settings.passwordEnc) : "",
          }
        : undefined,
      tls: {
        ...(isIP(host) ? {} : { servername: host }),
        ...(settings.caCert ? { ca: [settings.caCert] } : {}),
        minVersion: "TLSv1.2",
      },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    try {
      await transport.sendMail({
        from: settings.fromAddress,
        to: message.to,
        subject: message.subject,
        text: message.text,
        headers: { "Auto-Submitted": "auto-generated" },
      });
    } finally {
      transport.close();
    }
  } catch (e) {
    throw smtpFailure(e);
  }
}

/**
 * Why a request to an admin-supplied URL failed, as a closed set of classes. The message names
 * the class and never carries the remote body or a raw socket error, so the Test button and
 * sign-in errors cannot be used to read internal services or to tell a closed port from a
 * filtered one.
 */
export type EgressFailureKind =
  | "invalid_url"
  | "scheme"
  | "refused_address"
  | "dns"
  | "connect"
  | "timeout"
  | "tls"
  | "redirect"
  | "http_status"
  | "invalid_document"
  | "too_large";

const MESSAGES: Record<EgressFailureKind, string> = {
  invalid_url: "The URL is not valid",
  scheme: "Only https:// URLs may be fetched",
  refused_address: "The address is not allowed by the egress policy",
  dns: "The host name could not be resolved",
  connect: "Could not connect",
  timeout: "The server did not answer in time",
  tls: "The TLS handshake failed (certificate or protocol)",
  redirect: "Too many redirects, or a redirect to a URL that is not allowed",
  http_status: "The server answered with an error status",
  invalid_document: "The answer is not the document expected",
  too_large: "The answer is larger than allowed",
};

export class EgressFailure extends Error {
  constructor(
    readonly kind: EgressFailureKind,
    /** A safe detail of our own making (an address we refused, a status code), never remote text. */
    readonly detail?: string,
  ) {
    super(detail ? `${MESSAGES[kind]} (${detail})` : MESSAGES[kind]);
    this.name = "EgressFailure";
  }
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/;

/** A socket or TLS error as one of the classes (the raw message is not kept). */
export function classifySocketError(e: unknown): EgressFailure {
  if (e instanceof EgressFailure) return e;
  const code = String((e as { code?: unknown })?.code ?? "");
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ENODATA") return new EgressFailure("dns");
  if (code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT" || (e as Error)?.name === "TimeoutError")
    return new EgressFailure("timeout");
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test((e as Error)?.message ?? "")) return new EgressFailure("tls");
  return new EgressFailure("connect");
}

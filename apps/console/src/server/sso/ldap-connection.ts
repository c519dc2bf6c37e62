import net, { isIP } from "node:net";
import tlsLib from "node:tls";
import { Client, Filter } from "ldapts";
import { classifySocketError } from "../http/egress-failure";
import { resolveEgressHost } from "../http/egress-policy";
import type { TLdapStored } from "./idp-config";
import { SsoFailure } from "./sso-failure";

/** RFC 4515: user input becomes a literal value inside a filter, never filter syntax. */
export function fillFilter(template: string, key: "username" | "dn", value: string): string {
  return template.replaceAll(`{${key}}`, Filter.escape(value));
}

function tlsOptions(cfg: TLdapStored) {
  return { ...(cfg.caCert ? { ca: [cfg.caCert] } : {}), minVersion: "TLSv1.2" as const };
}

/**
 * A connected client (TLS as configured: ldaps://, or StartTLS before anything is sent). The
 * host is resolved once through the egress policy and the socket opened to that checked
 * address; TLS still verifies the certificate against the configured host name.
 */
export async function connectLdap(cfg: TLdapStored): Promise<Client> {
  const host = new URL(cfg.url).hostname.replace(/^\[|\]$/g, "");
  let address: string;
  try {
    ({ address } = await resolveEgressHost(host));
  } catch (e) {
    throw new SsoFailure("ldap_unavailable", ldapFailureMessage(e));
  }
  const identity = isIP(host) ? { host } : { servername: host };
  const tls = { ...tlsOptions(cfg), ...identity };
  const client = new Client({
    url: cfg.url,
    timeout: cfg.timeoutMs,
    connectTimeout: cfg.timeoutMs,
    createConnection: ((port: number) => net.connect({ port, host: address })) as typeof net.connect,
    // ldapts calls this as (port, host, options) for ldaps:// and as (options with the plain
    // socket) for StartTLS; either way the certificate is checked against the configured host.
    createSecureConnection: ((
      a: number | tlsLib.ConnectionOptions,
      _host?: string,
      options?: tlsLib.ConnectionOptions,
    ) =>
      typeof a === "object"
        ? tlsLib.connect({ ...a, ...identity })
        : tlsLib.connect({ ...options, port: a, host: address, ...identity })) as typeof tlsLib.connect,
    // ldapts treats any tlsOptions as "connect with TLS", so they go with ldaps:// only;
    // StartTLS gets them below.
    ...(cfg.url.toLowerCase().startsWith("ldaps:") ? { tlsOptions: tls } : {}),
    strictDN: true,
  });
  if (cfg.startTls) {
    try {
      await client.startTLS(tls);
    } catch (e) {
      await client.unbind().catch(() => {});
      throw new SsoFailure("ldap_unavailable", `StartTLS failed: ${ldapFailureMessage(e)}`);
    }
  }
  return client;
}

/**
 * What a directory failure is called in errors and the Test button: the directory's own LDAP
 * result (it answered as a directory), or one class for the connection. A closed port, a
 * filtered one and a service that is not LDAP read the same, so the Test button is not a port
 * scanner; a refused address says so.
 */
export function ldapFailureMessage(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === "number") return `the directory answered ${(e as Error).name} (LDAP result ${code})`;
  const failure = classifySocketError(e);
  if (failure.kind === "refused_address" || failure.kind === "dns" || failure.kind === "tls") return failure.message;
  return "Could not reach an LDAP directory at this address";
}

/**
 * Runs `fn` on a connection bound as the service account. The password is handed to the bind and
 * nowhere else: error messages are the directory's, which never echo it.
 */
export async function withServiceBind<T>(
  cfg: TLdapStored,
  bindPassword: string,
  fn: (c: Client) => Promise<T>,
): Promise<T> {
  let client: Client | undefined;
  try {
    client = await connectLdap(cfg);
    try {
      await client.bind(cfg.bindDn, bindPassword);
    } catch (e) {
      throw new SsoFailure("ldap_unavailable", `The service account could not bind: ${ldapFailureMessage(e)}`);
    }
    return await fn(client);
  } catch (e) {
    if (e instanceof SsoFailure) throw e;
    throw new SsoFailure("ldap_unavailable", `Directory error: ${ldapFailureMessage(e)}`);
  } finally {
    await client?.unbind().catch(() => {});
  }
}

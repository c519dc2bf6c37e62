import { Client, Filter } from "ldapts";
import type { TLdapStored } from "./idp-config";
import { SsoFailure } from "./sso-failure";

/** RFC 4515: user input becomes a literal value inside a filter, never filter syntax. */
export function fillFilter(template: string, key: "username" | "dn", value: string): string {
  return template.replaceAll(`{${key}}`, Filter.escape(value));
}

function tlsOptions(cfg: TLdapStored) {
  return { ...(cfg.caCert ? { ca: [cfg.caCert] } : {}), minVersion: "TLSv1.2" as const };
}

/** A connected client (TLS as configured: ldaps://, or StartTLS before anything is sent). */
export async function connectLdap(cfg: TLdapStored): Promise<Client> {
  const client = new Client({
    url: cfg.url,
    timeout: cfg.timeoutMs,
    connectTimeout: cfg.timeoutMs,
    // ldapts treats any tlsOptions as "connect with TLS", so they go with ldaps:// only;
    // StartTLS gets them below.
    ...(cfg.url.toLowerCase().startsWith("ldaps:") ? { tlsOptions: tlsOptions(cfg) } : {}),
    strictDN: true,
  });
  if (cfg.startTls) {
    try {
      await client.startTLS(tlsOptions(cfg));
    } catch (e) {
      await client.unbind().catch(() => {});
      throw new SsoFailure("ldap_unavailable", `StartTLS failed: ${(e as Error).message}`);
    }
  }
  return client;
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
      throw new SsoFailure("ldap_unavailable", `The service account could not bind: ${(e as Error).message}`);
    }
    return await fn(client);
  } catch (e) {
    if (e instanceof SsoFailure) throw e;
    throw new SsoFailure("ldap_unavailable", `Directory error: ${(e as Error).message}`);
  } finally {
    await client?.unbind().catch(() => {});
  }
}

import http from "node:http";
import https from "node:https";
import type { Duplex } from "node:stream";
import { EgressFailure } from "../http/egress-failure";
import { pinnedLookup } from "../http/egress-policy";

/** openid-client's token, JWKS and userinfo answers: as for every egress answer; far above any real one (Entra ID's JWKS is ~10 KiB). */
export const OIDC_MAX_RESPONSE_BYTES = 1024 * 1024;
export const OIDC_TIMEOUT_MS = 5000;

/**
 * Ends a connection once it has received more than maxBytes (headers included). The chunk that
 * crosses the limit is withheld from the HTTP parser, so an answer just past the limit never
 * completes either.
 */
function capped(socket: Duplex, maxBytes: number): Duplex {
  let received = 0;
  const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
  socket.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === "data") {
      received += (args[0] as Buffer).length;
      if (received > maxBytes) {
        socket.destroy(new EgressFailure("too_large", `over ${maxBytes} bytes`));
        return false;
      }
    }
    return emit(event, ...args);
  }) as Duplex["emit"];
  return socket;
}

type CreateConnection = (...args: unknown[]) => Duplex;

/**
 * An agent for openid-client (v5, which next-auth 4 uses, takes no custom fetch, only http
 * options): every connection is size-capped; hosts resolve through the egress policy's pinned
 * lookup, as for egressFetch. One connection per request (no keep-alive), so the cap is per answer.
 */
function cappedAgent(protocol: "http:" | "https:", maxBytes: number): http.Agent {
  const agent = protocol === "https:" ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  const base = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
  (agent as unknown as { createConnection: CreateConnection }).createConnection = (...args) =>
    capped(base(...args), maxBytes);
  return agent;
}

/**
 * The http options next-auth hands to openid-client for one IdP. The agent follows the scheme of
 * the token endpoint (https everywhere but a local development issuer); a JWKS or userinfo URL of
 * the other scheme fails closed.
 */
export function oidcHttpOptions(tokenEndpoint: string, maxBytes = OIDC_MAX_RESPONSE_BYTES) {
  const protocol = new URL(tokenEndpoint).protocol === "http:" ? "http:" : "https:";
  return {
    timeout: OIDC_TIMEOUT_MS,
    lookup: pinnedLookup({ loopbackOnly: protocol === "http:" }),
    agent: cappedAgent(protocol, maxBytes),
  };
}

import { env } from "../env";

/**
 * The WebAuthn relying party is the console's public address: the RP ID is its host name and
 * an assertion is accepted only from its origin, so a key registered here signs for nothing else
 * (and a phishing site on another origin gets a signature this server refuses).
 */
export function relyingParty(): { id: string; origin: string; name: string } {
  const url = new URL(env().PUBLIC_URL);
  return { id: url.hostname, origin: url.origin, name: "Luminous Console" };
}

/**
 * The response headers every page and API answer carries. Pure (the proxy and the route
 * wrappers pass in what they know), so the unit tests check the exact policy.
 *
 * Scripts: only those carrying this response's nonce, plus what they load ('strict-dynamic'),
 * so an injected <script> or inline handler does not run. Styles: 'unsafe-inline' stays, because
 * React style attributes (and the charts' SVG) are inline styles, which a nonce cannot cover;
 * style injection cannot run code.
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const HSTS = "max-age=63072000; includeSubDomains";

/** Headers for any answer: HSTS only when the console is reached over https (PUBLIC_URL). */
export function baseSecurityHeaders(publicUrl: string): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    ...(publicUrl.startsWith("https://") ? { "strict-transport-security": HSTS } : {}),
  };
}

/**
 * API answers: nothing a signed-in user fetched may be kept by the browser or a proxy. A handler
 * that chose its own caching (the agent's ETag-validated policy) keeps its choice.
 */
export function applyApiHeaders(headers: Headers, publicUrl: string): void {
  for (const [k, v] of Object.entries(baseSecurityHeaders(publicUrl))) headers.set(k, v);
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
}

/** A fresh 128-bit nonce per response, in the base64 form Next.js reads back from the header. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

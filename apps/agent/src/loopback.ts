import { isIP } from "node:net";

/** 127.0.0.0/8, ::1 and localhost: the only hosts the agent will talk to over plain http. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.split(".")[0] === "127";
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

/** Validates the console URL: https, or http to a loopback address only. Returns the origin. */
export function checkServerUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--server: not a URL: ${raw}`);
  }
  if (u.protocol === "https:") return u.origin;
  if (u.protocol === "http:" && isLoopbackHost(u.hostname)) return u.origin;
  if (u.protocol === "http:") throw new Error("--server: plain http is only allowed to a loopback address; use https");
  throw new Error(`--server: unsupported scheme ${u.protocol}`);
}

import { Spool } from "./spool";

/**
 * What the heartbeat tells the console about the spool: its size (Device.spoolSize), and a full
 * spool as the device's error, so admins see it without asking the workstation.
 */
export function spoolReport(
  stateDir: string,
  lastError: string | null,
): { spoolSize?: number; lastError: string | null } {
  try {
    const s = new Spool(stateDir).stats();
    const full = s.full ? `audit spool full: ${s.pending} events (${s.bytes} bytes) unsent, new events refused` : null;
    return { spoolSize: s.pending, lastError: full ?? lastError };
  } catch {
    return { lastError };
  }
}

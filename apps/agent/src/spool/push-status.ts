import path from "node:path";
import { z } from "zod";
import { readJson, writeJsonAtomic } from "../state";
import { withLock } from "./lock";

/** spool/push.json: how pushing goes, for `status` and the heartbeat. */
export const ZPushStatus = z.object({
  lastPushAt: z.string().nullable().default(null),
  lastAttemptAt: z.string().nullable().default(null),
  lastError: z.string().nullable().default(null),
  /** Events the console refused for good (recorded there with reasons). */
  rejectedTotal: z.int().min(0).default(0),
  /** Events refused locally because the spool was full (the loud part of "never truncated"). */
  refusedWhileFull: z.int().min(0).default(0),
  fullSince: z.string().nullable().default(null),
});
export type TPushStatus = z.infer<typeof ZPushStatus>;

const file = (stateDir: string) => path.join(stateDir, "spool", "push.json");

export function readPushStatus(stateDir: string): TPushStatus {
  try {
    return readJson(file(stateDir), ZPushStatus) ?? ZPushStatus.parse({});
  } catch {
    return ZPushStatus.parse({});
  }
}

export function updatePushStatus(stateDir: string, patch: (s: TPushStatus) => Partial<TPushStatus>): TPushStatus {
  // Read-modify-write under a lock: the daemon's threads and `luminous-agent log` all update it.
  return withLock(path.join(stateDir, "spool", "push.lock"), () => {
    const cur = readPushStatus(stateDir);
    const change = patch(cur);
    if (Object.keys(change).length === 0) return cur; // nothing to write (the common case on every append)
    const next = { ...cur, ...change };
    writeJsonAtomic(file(stateDir), next);
    return next;
  });
}

import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { z } from "zod";

/** Where the agent keeps its state: --state-dir, else LUMINOUS_AGENT_STATE_DIR, else /var/lib/luminous-agent. */
export function resolveStateDir(flag?: string): string {
  return path.resolve(flag || process.env.LUMINOUS_AGENT_STATE_DIR || "/var/lib/luminous-agent");
}

export function ensureStateDir(dir: string): void {
  // 0750: the socket inside must be reachable by the agent's group (ask-nix users), nothing else.
  mkdirSync(dir, { recursive: true, mode: 0o750 });
}

/**
 * Replaces a file atomically: write a temp file (created with the final mode, so a secret is never
 * readable even briefly), fsync it, rename over the target, fsync the directory. A crash leaves
 * either the old or the new content, never a torn file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o640): void {
  const dir = path.dirname(file);
  // Unique per process, thread and call: the daemon writes from more than one thread.
  const tmp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${threadId}.${randomBytes(6).toString("hex")}.tmp`,
  );
  const fd = openSync(tmp, "wx", mode);
  try {
    writeSync(fd, typeof data === "string" ? Buffer.from(data) : data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
  try {
    const dfd = openSync(dir, "r");
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  }
}

export function writeJsonAtomic(file: string, value: unknown, mode = 0o640): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}

/** Reads and validates a JSON state file; null when it does not exist. A corrupt file is an error naming it. */
export function readJson<S extends z.ZodType>(file: string, schema: S): z.infer<S> | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A cross-process lock file (O_EXCL create, holder's pid inside). A lock left by a dead process
 * is taken over. Held only for the few milliseconds of an append or an acknowledgement.
 */
export function withLock<T>(file: string, fn: () => T, timeoutMs = 10_000): T {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let fd: number | null = null;
    try {
      fd = openSync(file, "wx", 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (fd !== null) {
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      try {
        return fn();
      } finally {
        rmSync(file, { force: true });
      }
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, "utf8"));
    } catch {
      // removed in between: retry at once
      continue;
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > until) throw new Error(`spool lock ${file} held by pid ${holder} for over ${timeoutMs} ms`);
    sleepSync(2);
  }
}

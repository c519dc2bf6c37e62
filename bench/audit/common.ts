import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
export const say = (s: string) => process.stdout.write(`${s}\n`);

export function percentile(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

export function consoleEnv(databaseUrl: string) {
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
  } as const;
}

/** Starts bench/audit/ingest-server.ts in its own process (with extra Node flags); resolves with its port. */
export function startIngestServer(
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<{ port: number; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the server, written when it exits.
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const proc = spawn(
      process.execPath,
      [...prof, ...nodeFlags, "--import", "tsx", path.join(root, "bench/audit/ingest-server.ts")],
      {
        cwd: root,
        // the console's "@/..." imports resolve through its tsconfig
        env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "apps/console/tsconfig.json"), ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), proc });
    });
    proc.once("exit", (code) => reject(new Error(`ingest server exited (${code})`)));
  });
}

/** Resident memory of a process, from /proc (bytes). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const s = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
  return kb * 1024;
}

/** The machine's CPU time so far (seconds, all cores), from /proc/stat: busy (user, nice, system, irq, softirq) and stolen by the hypervisor. */
export async function machineCpu(): Promise<{ busy: number; steal: number }> {
  const { readFile } = await import("node:fs/promises");
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const hz = 100; // USER_HZ: /proc/stat counts in 1/100 s on Linux
  return { busy: (user! + nice! + system! + irq! + softirq!) / hz, steal: steal! / hz };
}

/** CPU microseconds per item between two machineCpu() readings, and the share of the interval's CPU that was stolen. */
export function cpuPerItem(a: { busy: number; steal: number }, b: { busy: number; steal: number }, items: number) {
  const busy = b.busy - a.busy;
  const steal = b.steal - a.steal;
  return { usPerItem: Math.round((busy / items) * 1e6), stealShare: busy + steal > 0 ? steal / (busy + steal) : 0 };
}

import { flushBreakGlass } from "../approvals/break-glass";
import { approvalSocketRoutes } from "../approvals/socket-routes";
import { backoffDelay, jitteredInterval } from "../backoff";
import { type LoadedBundle, loadBundle } from "../bundle-store";
import { readStatus } from "../files";
import { ApiError } from "../http-client";
import { loadEnrolled } from "../load-state";
import { startSocketApi } from "../socket-api";
import { DaemonRunningError, probeSocket, removeSocketFile } from "../socket-file";
import { decisionEvent } from "../spool/decision-event";
import { startDecisionWriter } from "../spool/decision-writer";
import { startPusher } from "../spool/pusher";
import { appendLocal, validateEventInput } from "../spool/record-event";
import { Spool } from "../spool/spool";
import { syncOnce } from "../sync";

/**
 * The daemon: policy sync + heartbeat on a jittered interval, exponential backoff with jitter while
 * the console is unreachable, the local socket API, clean shutdown on SIGTERM/SIGINT. A revoked
 * device stops syncing but goes on enforcing its last good bundle.
 */
export async function run(
  opts: { stateDir?: string; intervalSeconds?: number; pushIntervalSeconds?: number; batchSize?: number },
  log: (line: string) => void,
): Promise<number> {
  const ctx = loadEnrolled(opts.stateDir);
  const { f } = ctx;
  // Before starting anything (spool writer, pusher): one daemon per state directory.
  if ((await probeSocket(f.socket)) === "running") {
    throw new DaemonRunningError(`another luminous-agent daemon is running on ${f.socket}`);
  }
  let bundle: LoadedBundle | null = null;
  const reload = () => {
    const r = loadBundle(f, ctx.config);
    bundle = r.ok ? r.bundle : bundle;
  };
  reload();
  const spool = new Spool(f.dir);
  const pusher = startPusher({
    spool,
    stateDir: f.dir,
    ctx,
    log,
    flushMs: (opts.pushIntervalSeconds ?? 2) * 1000,
    // The console takes up to 1,000 events a batch; full batches halve the commits a backlog costs.
    batchSize: opts.batchSize ?? 1000,
  });
  const record = (raw: unknown) => {
    const v = validateEventInput(raw);
    if (!v.ok) return v;
    const r = appendLocal(spool, f.dir, v.input);
    if (r.ok) pusher.nudge();
    else if (r.error === "spool_full") log(`AUDIT SPOOL FULL: ${r.message}`);
    return r;
  };
  const decisions = startDecisionWriter(f.dir, (r) => {
    if (r.ok) pusher.nudge();
    else if (r.error === "spool_full") log(`AUDIT SPOOL FULL: decision not logged: ${r.message}`);
    else log(`decision not logged: ${r.message}`);
  });
  const api = await startSocketApi(
    f.socket,
    f.dir,
    () => bundle,
    { record, decision: (req, d) => decisions.write(decisionEvent(req, d)) },
    log,
    approvalSocketRoutes(ctx, () => bundle),
  );
  // Whatever way the process ends, the socket file goes with it, so `status` and clients do not
  // mistake a dead daemon for a live one. An error nothing caught ends the daemon (its state is
  // unknown); the service manager restarts it.
  process.once("exit", () => removeSocketFile(f.socket));
  const fatal = (what: string) => (e: unknown) => {
    log(`${what}: ${(e as Error)?.stack ?? String(e)}; exiting`);
    removeSocketFile(f.socket);
    process.exit(70);
  };
  process.on("uncaughtException", fatal("uncaught error"));
  process.on("unhandledRejection", fatal("unhandled rejection"));
  log(`luminous-agent running: device ${ctx.config.deviceId}, socket ${f.socket}`);

  let stopping = false;
  let wake: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
    });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    if (timer) clearTimeout(timer);
    wake?.();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  let interval = opts.intervalSeconds ?? ctx.config.pollIntervalSeconds;
  let failures = 0;
  let revoked = readStatus(f).revoked;
  if (revoked) log("device is revoked: enforcing the last good bundle, not syncing");
  while (!stopping) {
    if (!revoked) {
      try {
        const r = await syncOnce(ctx);
        failures = 0;
        if (!opts.intervalSeconds && r.pollIntervalSeconds) interval = r.pollIntervalSeconds;
        if (r.applied) log(`policy version ${r.version} applied`);
        for (const c of r.witnessed?.conflicts ?? [])
          log(`AUDIT CHECKPOINT CONFLICT: ${c}; keeping the one witnessed first`);
        if (r.rejected)
          log(`bundle refused (${r.rejected.reason}): ${r.rejected.message}; keeping the last good bundle`);
        reload();
        // Back online: break-glass records spooled while offline go to the console now.
        await flushBreakGlass(ctx, log);
      } catch (e) {
        if (e instanceof ApiError && e.reason === "device_revoked") {
          revoked = true;
          log("the console revoked this device: enforcing the last good bundle, not syncing");
          continue;
        }
        failures += 1;
        log(`sync failed (${failures}): ${(e as Error).message}`);
      }
    }
    if (stopping) break;
    await sleep(failures ? backoffDelay(failures, interval) : jitteredInterval(interval));
  }
  await new Promise<void>((resolve) => api.close(() => resolve()));
  removeSocketFile(f.socket);
  await decisions.close(); // queued decisions land in the spool before the last push
  await pusher.stop();
  return 0;
}

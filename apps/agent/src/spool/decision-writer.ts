import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { TEventInput } from "@luminous/audit";
import { appendLocal, type RecordResult } from "./record-event";
import { Spool } from "./spool";

const ROLE = "luminous-agent-decision-writer";

export interface DecisionWriter {
  write(event: TEventInput): void;
  close(): Promise<void>;
}

/**
 * The daemon's policy_decision events go to the spool from a worker thread, so an append and its
 * fsync never hold up the socket API that ask-nix is waiting on. Order is kept (one queue); the
 * spool's lock file serialises the worker with the daemon's other writers and `luminous-agent log`.
 * The worker runs this same program (the CLI entry routes to runDecisionWriterIfWorker).
 */
export function startDecisionWriter(stateDir: string, onResult: (r: RecordResult) => void): DecisionWriter {
  const entry = process.argv[1];
  if (!entry) throw new Error("cannot locate the agent's entry script for the decision writer");
  const worker = new Worker(entry, { workerData: { role: ROLE, stateDir } });
  worker.on("message", (r: RecordResult) => onResult(r));
  worker.on("error", (e) => onResult({ ok: false, error: "failed", message: `decision writer: ${e.message}` }));
  worker.unref();
  return {
    write: (event) => worker.postMessage(event),
    close: async () => {
      worker.postMessage({ close: true });
      await new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        setTimeout(() => {
          void worker.terminate().then(() => resolve());
        }, 5_000).unref();
      });
    },
  };
}

/** In the writer thread: append each event as it arrives, answer with the result; true if this is that thread. */
export function runDecisionWriterIfWorker(): boolean {
  if (isMainThread || (workerData as { role?: string } | null)?.role !== ROLE || !parentPort) return false;
  const { stateDir } = workerData as { stateDir: string };
  const spool = new Spool(stateDir);
  const port = parentPort;
  port.on("message", (msg: TEventInput | { close: true }) => {
    if ("close" in msg) {
      port.close();
      return;
    }
    port.postMessage(appendLocal(spool, stateDir, msg));
  });
  return true;
}

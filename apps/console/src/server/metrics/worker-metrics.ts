import http from "node:http";
import { Counter, Histogram } from "prom-client";
import { env } from "../env";
import { errorResponse } from "../http/respond";
import { log } from "../log";
import { exposeMetrics } from "./expose-metrics";
import { checkScrapeAccess } from "./metrics-access";
import { metrics } from "./registry";

const g = globalThis as unknown as {
  __luminousJobMetrics?: { runs: Counter<"job" | "result">; seconds: Histogram<"job"> };
};

function jobMetrics() {
  const { registry } = metrics();
  g.__luminousJobMetrics ??= {
    runs: new Counter({
      name: "luminous_worker_job_runs_total",
      help: "Scheduled job runs of the worker, by job and result (ok, failed).",
      labelNames: ["job", "result"] as const,
      registers: [registry],
    }),
    seconds: new Histogram({
      name: "luminous_worker_job_duration_seconds",
      help: "Duration of the worker's scheduled job runs, by job.",
      labelNames: ["job"] as const,
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [registry],
    }),
  };
  return g.__luminousJobMetrics;
}

/** Runs one job, counting it and its duration. */
export async function timeJob<T>(job: string, run: () => Promise<T>): Promise<T> {
  const m = jobMetrics();
  const end = m.seconds.startTimer({ job });
  try {
    const out = await run();
    m.runs.inc({ job, result: "ok" });
    return out;
  } catch (e) {
    m.runs.inc({ job, result: "failed" });
    throw e;
  } finally {
    end();
  }
}

/** WORKER_METRICS_PORT: the worker's /metrics listener (none when unset). */
export function startWorkerMetrics(): http.Server | undefined {
  const { WORKER_METRICS_PORT: port, WORKER_METRICS_HOST: host, METRICS_TOKEN, METRICS_ALLOW } = env();
  if (port === undefined) return undefined;
  jobMetrics();
  const server = http.createServer((req, res) => {
    const answer = async (): Promise<Response> => {
      if (new URL(req.url ?? "/", "http://worker").pathname !== "/metrics") {
        return Response.json(
          { error: { code: "not_found", message: "Only /metrics is served here" } },
          { status: 404 },
        );
      }
      // The listener itself is the protection when no token or allow-list is set.
      if (METRICS_TOKEN || METRICS_ALLOW) {
        checkScrapeAccess({
          authorization: req.headers.authorization ?? null,
          address: req.socket.remoteAddress ?? null,
          listenerSecret: null,
        });
      }
      const { contentType, body } = await exposeMetrics({ siem: true });
      return new Response(body, { headers: { "content-type": contentType } });
    };
    answer()
      .catch((e) => errorResponse(e, "worker-metrics"))
      .then(async (r) => {
        res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "text/plain" });
        res.end(await r.text());
      });
  });
  server.listen(port, host, () => log("info", "worker metrics listening", { port, host }));
  return server;
}

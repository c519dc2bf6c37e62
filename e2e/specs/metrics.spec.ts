import { spawnSync } from "node:child_process";
import { expect, test } from "../fixtures";

// The console runs with METRICS_PORT (scripts/e2e.mjs): /metrics answers there and not on the
// public listener, and what it serves is valid Prometheus text as promtool reads it.
test("metrics are served on their own listener only, in a format promtool accepts", async ({ request }) => {
  const metricsUrl = process.env.E2E_METRICS_URL;
  expect(metricsUrl, "npm run test:e2e starts the console with METRICS_PORT and sets E2E_METRICS_URL").toBeTruthy();

  const publicRes = await request.get("/metrics");
  expect(publicRes.status()).toBe(404);
  // A caller on the public listener cannot pass for the metrics listener.
  const forged = await request.get("/metrics", { headers: { "x-luminous-metrics-listener": "guess" } });
  expect(forged.status()).toBe(404);

  const res = await request.get(metricsUrl!);
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).toContain("# TYPE luminous_http_requests_total counter");
  expect(text).toMatch(/^luminous_devices\{org="[^"]+",state="online"\} \d+$/m);
  expect(text).toContain("process_resident_memory_bytes");

  const other = await request.get(metricsUrl!.replace("/metrics", "/api/v1/users"));
  expect(other.status()).toBe(404);

  const promtool = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  expect(promtool.error).toBeUndefined();
  expect(promtool.stdout + promtool.stderr).toBe("");
  expect(promtool.status).toBe(0);
});

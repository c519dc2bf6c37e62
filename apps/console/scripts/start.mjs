// Starts the built console and shuts down gracefully: on SIGTERM/SIGINT the HTTP server stops
// accepting, in-flight requests finish (up to 10 s), then the process exits.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");
const port = process.env.PORT ?? "3000";
const child = spawn(
  process.execPath,
  [nextBin, "start", "-p", port, ...(process.env.HOSTNAME ? ["-H", process.env.HOSTNAME] : [])],
  {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "" },
  },
);
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    child.kill(sig);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

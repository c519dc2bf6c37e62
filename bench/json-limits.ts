/**
 * What the nesting check costs on ingestion's hot path: scanJsonDepth over a 1,000-event batch
 * (the most a batch may hold) next to the JSON.parse it precedes. Run: npx tsx bench/json-limits.ts
 */
import { scanJsonDepth } from "../packages/json-limits/src/index";

const event = (i: number) => ({
  ts: new Date().toISOString(),
  type: "command_received",
  user: "alice",
  sessionId: `s-${i}`,
  command: `ask-nix install pkg${i} and enable it`,
  intent: { action: "install_package", packages: ["docker", "git"], services: ["docker"] },
  details: { attempt: 1, env: { shell: "zsh", tty: true }, tags: ["a", "b", "c"] },
  seq: i + 1,
  prevHash: "0".repeat(64),
  hash: "f".repeat(64),
});
const text = JSON.stringify({ events: Array.from({ length: 1000 }, (_, i) => event(i)) });

function median(f: () => void, runs = 200): number {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    f();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

for (let i = 0; i < 50; i++) scanJsonDepth(text); // warm up
const scan = median(() => scanJsonDepth(text, { maxDepth: 66, maxReports: 1001 }));
const parse = median(() => JSON.parse(text));
console.log(
  `batch of 1,000 events, ${(text.length / 1024).toFixed(0)} KiB: scan ${scan.toFixed(2)} ms (${((scan * 1000) / 1000).toFixed(2)} us/event), JSON.parse ${parse.toFixed(2)} ms`,
);

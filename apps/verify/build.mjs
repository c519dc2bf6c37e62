// Bundles luminous-verify into one self-contained ESM file that needs only Node 20 (no database,
// no network): an auditor copies this file and an evidence package, nothing else.
import { chmodSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const outfile = new URL("./dist/luminous-verify.mjs", import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

await build({
  entryPoints: [new URL("./src/cli.ts", import.meta.url).pathname],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  legalComments: "none",
  define: { __VERIFY_VERSION__: JSON.stringify(version) },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
chmodSync(outfile, 0o755);

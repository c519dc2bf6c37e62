import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Owner } from "./fixtures";

const repoRoot = path.resolve(import.meta.dirname, "..");

/**
 * A new organisation of its own with only an owner (no devices, no policies), made by the same
 * domain function the seed uses, for a spec that needs an org no parallel spec adds to.
 */
export async function freshOrg(): Promise<Owner & { orgId: string }> {
  const id = randomBytes(4).toString("hex");
  const owner = { email: `fresh-owner-${id}@fresh-${id}.example`, password: randomBytes(18).toString("base64url") };
  const script = `
    const { createOrgWithOwner } = await import(${JSON.stringify(path.join(repoRoot, "apps/console/src/server/seed/create-org.ts"))});
    const { db } = await import(${JSON.stringify(path.join(repoRoot, "apps/console/src/server/db.ts"))});
    const r = await createOrgWithOwner({ name: "Fresh ${id}", slug: "fresh-${id}", domains: ["fresh-${id}.example"],
      owner: { email: ${JSON.stringify(owner.email)}, name: "Fresh Owner", password: ${JSON.stringify(owner.password)} } });
    console.log(JSON.stringify({ orgId: r.org.id }));
    await db().$disconnect();`;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "lc-fresh-org-")), "create.mts");
  writeFileSync(file, script);
  const env = {
    ...process.env,
    DATABASE_URL: process.env.E2E_DATABASE_URL,
    MASTER_KEY: process.env.E2E_MASTER_KEY,
    AUTH_SECRET: randomBytes(32).toString("hex"),
  };
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      path.join(repoRoot, "node_modules/.bin/tsx"),
      ["--tsconfig", path.join(repoRoot, "apps/console/tsconfig.json"), file],
      { env, cwd: repoRoot },
      (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  const { orgId } = JSON.parse(out.trim().split("\n").pop()!);
  return { ...owner, orgId };
}

/**
 * A real luminous-agent (the built one-file CLI) enrolled against the real agent API route
 * handlers served over HTTPS, for the approval tests.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TApprovals } from "@luminous/policy";
import * as approvalBreakGlass from "@/app/api/agent/v1/approvals/break-glass/route";
import * as approvals from "@/app/api/agent/v1/approvals/route";
import * as approvalUse from "@/app/api/agent/v1/approvals/use/route";
import * as approvalWait from "@/app/api/agent/v1/approvals/wait/route";
import * as enroll from "@/app/api/agent/v1/enroll/route";
import * as heartbeat from "@/app/api/agent/v1/heartbeat/route";
import * as policy from "@/app/api/agent/v1/policy/route";
import { createEnrollmentToken } from "@/server/agent/create-enrollment-token";
import { startAgentApiServer } from "@/server/agent/test-support/agent-api-server";
import { makeTestPki } from "@/server/agent/test-support/tls";
import { db } from "@/server/db";
import { bumpPolicyGeneration } from "@/server/effective-policy/bump-policy-generation";

const root = path.resolve(import.meta.dirname, "../../../..");
export const AGENT = path.join(root, "apps/agent/dist/luminous-agent.mjs");

export function buildAgent(): void {
  execFileSync(process.execPath, [path.join(root, "apps/agent/build.mjs")], { stdio: "inherit" });
}

export interface AgentRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the agent CLI to completion (async: the test acts while it waits). */
export function runAgent(args: string[], timeoutMs = 90_000): Promise<AgentRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [AGENT, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function startApprovalConsole() {
  const work = mkdtempSync(path.join(tmpdir(), "lappr-"));
  const pki = makeTestPki(work);
  const api = await startAgentApiServer({
    key: pki.key,
    cert: pki.cert,
    routes: {
      "POST /api/agent/v1/enroll": enroll.POST,
      "GET /api/agent/v1/policy": policy.GET,
      "POST /api/agent/v1/heartbeat": heartbeat.POST,
      "POST /api/agent/v1/approvals": approvals.POST,
      "POST /api/agent/v1/approvals/wait": approvalWait.POST,
      "POST /api/agent/v1/approvals/use": approvalUse.POST,
      "POST /api/agent/v1/approvals/break-glass": approvalBreakGlass.POST,
    },
  });
  return { work, pki, api };
}

/** Enrolls a fresh agent state dir; returns it and the device id. */
export async function enrollAgent(
  orgId: string,
  c: Awaited<ReturnType<typeof startApprovalConsole>>,
  name: string,
): Promise<{ stateDir: string; deviceId: string }> {
  const t = await db().$transaction((tx) =>
    createEnrollmentToken(tx, orgId, {
      name,
      expiresAt: new Date(Date.now() + 3600_000),
      maxUses: 1,
      groupId: null,
      createdById: null,
    }),
  );
  const stateDir = path.join(c.work, name);
  const r = await runAgent(
    ["enroll", "--server", c.api.origin, "--token", t.token, "--ca-file", c.pki.caFile, "--state-dir", stateDir],
    30_000,
  );
  if (r.code !== 0) throw new Error(`enroll failed: ${r.stdout}\n${r.stderr}`);
  const device = await db().device.findFirstOrThrow({ where: { orgId, enrollmentTokenId: t.id } });
  return { stateDir, deviceId: device.id };
}

/** An org-wide policy whose approval rules a test sets by publishing a new version (read at request time). */
export async function orgApprovalPolicy(orgId: string) {
  const policyId = (await db().policy.create({ data: { orgId, name: "org baseline" } })).id;
  await db().policyAssignment.create({ data: { orgId, policyId, scope: "org" } });
  let version = 0;
  return async function setApprovals(approvals: TApprovals) {
    await db().$transaction(async (tx) => {
      version += 1;
      await tx.policyVersion.create({
        data: {
          orgId,
          policyId,
          number: version,
          document: { approvals } as object,
          source: JSON.stringify({ approvals }),
          contentHash: `v${version}`,
          lockedPaths: [],
          authorLabel: "test",
          publishedAt: new Date(),
        },
      });
      await bumpPolicyGeneration(tx, orgId);
    });
  };
}

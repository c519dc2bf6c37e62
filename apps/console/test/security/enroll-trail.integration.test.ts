import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as enroll from "@/app/api/agent/v1/enroll/route";
import { createEnrollmentToken } from "@/server/agent/create-enrollment-token";
import { db } from "@/server/db";
import { call, makeOrg, setupTestDatabase } from "../harness";

const t = setupTestDatabase();

let lines: string[] = [];
beforeEach(() => {
  process.env.LOG_LEVEL = "warn";
  lines = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env.LOG_LEVEL = "error";
});

const facts = (hostname: string) => ({
  hostname,
  machineId: randomBytes(16).toString("hex"),
  os: "linux",
  osVersion: "6.6",
  nixosVersion: "24.05",
  agentVersion: "1.0.0",
});
const publicKey = () => randomBytes(32).toString("base64url");

async function orgWithToken() {
  const org = await makeOrg("enroll");
  const token = await db().$transaction((tx) =>
    createEnrollmentToken(tx, org.orgId, {
      name: "t",
      expiresAt: new Date(Date.now() + 3600_000),
      maxUses: 1,
      groupId: null,
      createdById: null,
    }),
  );
  return { org, token: token.token, fingerprint: token.token.split(".")[1]! };
}

const enrollAs = (token: string, hostname: string, ip: string) =>
  call(enroll.POST, "POST", "/api/agent/v1/enroll", {
    body: { token, publicKey: publicKey(), facts: facts(hostname) },
    headers: { "x-forwarded-for": ip },
  });

const trail = (orgId: string) =>
  t.db.prisma.auditEvent.findMany({ where: { orgId, action: "device.enroll" }, select: { outcome: true, data: true } });

describe("anonymous enrollment failures and tenant trails", () => {
  it("a guessed secret with another org's fingerprint writes nothing into that org's trail", async () => {
    const victim = await orgWithToken();
    const guessed = `lnxe_${randomBytes(32).toString("base64url")}.${victim.fingerprint}`;
    const r = await enrollAs(guessed, "PWNED-by-attacker", "198.51.100.23");
    expect(r.status).toBe(401);
    expect(r.json.error.reason).toBe("unknown_token");
    expect(await trail(victim.org.orgId)).toEqual([]);
    const logged = lines.filter((l) => l.includes('"agent.enroll_refused"'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"reason":"unknown_token"');
  });

  it("a real token's refusal (wrong pin) is still recorded in its org's trail", async () => {
    const { org, token } = await orgWithToken();
    const [secret] = token.split(".");
    const other = await orgWithToken();
    const r = await enrollAs(`${secret}.${other.fingerprint}`, "host-a", "198.51.100.24");
    expect(r.status).toBe(401);
    expect((await trail(org.orgId)).map((e) => (e.data as { reason: string }).reason)).toEqual([
      "fingerprint_mismatch",
    ]);
    expect(await trail(other.org.orgId)).toEqual([]);
  });
});

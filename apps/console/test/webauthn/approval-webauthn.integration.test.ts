/** require_mfa approvals confirmed with a security key: the decision records factor "webauthn". */
import { defaultApprovals } from "@luminous/policy";
import { describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/approvals/[id]/decision/route";
import { call, makeOrg, setupTestDatabase, signedInSession, type TestOrg } from "../harness";
import { asBrowser, newKey, registerKey, signWith } from "./webauthn-helpers";

const t = setupTestDatabase();

async function mfaRequest(org: TestOrg, services: string[] = []) {
  const device = await t.db.prisma.device.create({
    data: { orgId: org.orgId, hostname: `ws-${services.length}`, machineId: "m", publicKey: "k" },
  });
  return t.db.prisma.approvalRequest.create({
    data: {
      orgId: org.orgId,
      deviceId: device.id,
      kind: "require_mfa",
      localUser: "erin",
      action: "modify_firewall",
      services,
      rule: "firewall-needs-mfa",
      policyVersion: 1,
      actionHash: "x",
      rules: defaultApprovals(),
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
}

const decide = (cookie: string, id: string, body: unknown) =>
  call(decision.POST, "POST", `/api/v1/approvals/${id}/decision`, { ...asBrowser(cookie), params: { id }, body });

describe("require_mfa approved with a security key", () => {
  it("accepts a fresh assertion, records webauthn as the factor, and refuses a replayed one", async () => {
    const org = await makeOrg("approval-webauthn");
    const approver = org.users.security_admin;
    const { cookie } = await signedInSession(approver.id, org.orgId);
    const r = await mfaRequest(org);

    const none = await decide(cookie, r.id, { verdict: "approve", code: "123456" });
    expect(none.status).toBe(403);
    expect(none.json.error.message).toMatch(/set up TOTP or a security key/);

    const key = newKey();
    expect((await registerKey(cookie, key)).status).toBe(201);
    const missing = await decide(cookie, r.id, { verdict: "approve" });
    expect(missing.status).toBe(422);
    const phished = await decide(cookie, r.id, {
      verdict: "approve",
      webauthn: await signWith(cookie, key, { origin: "https://console.example.evil" }),
    });
    expect(phished.status).toBe(403);

    const answer = await signWith(cookie, key);
    const ok = await decide(cookie, r.id, { verdict: "approve", webauthn: answer });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.status).toBe("approved");
    expect(ok.json.decisions[0]).toMatchObject({ mfaFactor: "webauthn", mfaAt: expect.any(String) });
    const row = await t.db.prisma.approvalDecision.findFirstOrThrow({ where: { requestId: r.id } });
    expect(row.mfaFactor).toBe("webauthn");

    // the same signed answer cannot approve another request
    const r2 = await mfaRequest(org, ["sshd"]);
    const replay = await decide(cookie, r2.id, { verdict: "approve", webauthn: answer });
    expect(replay.status).toBe(403);
    expect(replay.json.error.message).toMatch(/already used/);

    const events = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, action: "approval.approve" },
      orderBy: { ts: "asc" },
    });
    expect(
      events.map((e) => [
        e.outcome,
        (e.data as { reason?: string; mfaFactor?: string }).reason ?? (e.data as { mfaFactor: string }).mfaFactor,
      ]),
    ).toEqual([
      ["denied", "no_second_factor"],
      ["denied", "webauthn_wrong_origin"],
      ["success", "webauthn"],
      ["denied", "webauthn_unknown_challenge"],
    ]);
  });
});

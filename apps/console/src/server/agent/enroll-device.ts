import { hashToken } from "@luminous/crypto";
import { type AuditMeta, recordAudit, recordAuditNow } from "../audit/record-audit";
import { hit } from "../auth/rate-limit";
import { db } from "../db";
import { AppError } from "../http/errors";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { AGENT_API } from "./constants";
import { parseEnrollmentToken } from "./enrollment-token-format";
import type { TEnrollInput } from "./schemas";

/** Counts every enrollment attempt from an IP, well-formed or not; call before parsing the body. */
export async function limitEnrollment(ip: string | null): Promise<void> {
  await hit(
    `agent-enroll:${ip ?? "unknown"}`,
    AGENT_API.enrollRateLimit.limit,
    AGENT_API.enrollRateLimit.windowSeconds,
  );
}

export interface EnrollResult {
  deviceId: string;
  orgId: string;
  signingKeys: { keyId: string; publicKey: string }[];
  pollIntervalSeconds: number;
}

/**
 * Enrolls a workstation with a token. The token is consumed atomically (uses < maxUses, not
 * revoked, not expired, checked in the UPDATE itself), the device joins the token's group and
 * trusts the signing key whose fingerprint the token carries. A refusal is audited in the token's
 * org once the secret is a real token's (expired, revoked, used up, wrong pin); others are logged. The route calls limitEnrollment first.
 */
export async function enrollDevice(input: TEnrollInput, meta: AuditMeta, ip: string | null): Promise<EnrollResult> {
  const parsed = parseEnrollmentToken(input.token);
  // Into an org's trail only once the caller has shown a real token secret of that org; a guessed
  // secret (with whatever fingerprint) goes to the rate-limited security log, never to a tenant.
  const refuse = async (orgId: string | null, reason: string, extra: Record<string, unknown> = {}) => {
    if (orgId) {
      await recordAuditNow(orgId, meta, {
        action: "device.enroll",
        outcome: "failure",
        data: { reason, hostname: input.facts.hostname, machineId: input.facts.machineId, ...extra },
      });
    } else {
      recordSecurityEvent("agent.enroll_refused", ip, {
        reason,
        requestId: meta.requestId,
        hostname: input.facts.hostname,
      });
    }
    return new AppError("unauthenticated", `Enrollment refused: ${reason.replaceAll("_", " ")}`, { reason });
  };
  if (!parsed) throw await refuse(null, "malformed_token");

  const token = await db().enrollmentToken.findUnique({ where: { tokenHash: hashToken(parsed.secret) } });
  if (!token) throw await refuse(null, "unknown_token");
  const pinned = await db().signingKey.findFirst({
    where: { orgId: token.orgId, keyId: parsed.fingerprint },
    select: { keyId: true, publicKey: true },
  });
  if (!pinned) throw await refuse(token.orgId, "fingerprint_mismatch", { tokenId: token.id });

  const result = await db().$transaction(async (tx) => {
    const consumed = await tx.$executeRaw`
      UPDATE "EnrollmentToken" SET "uses" = "uses" + 1
      WHERE "id" = ${token.id}::uuid AND "revokedAt" IS NULL AND "expiresAt" > now()
        AND ("maxUses" IS NULL OR "uses" < "maxUses")`;
    if (consumed === 0) return null;
    const group = token.groupId
      ? await tx.group.findFirst({ where: { id: token.groupId, orgId: token.orgId }, select: { id: true } })
      : null;
    const { facts } = input;
    const device = await tx.device.create({
      data: {
        orgId: token.orgId,
        hostname: facts.hostname,
        machineId: facts.machineId,
        publicKey: input.publicKey,
        os: facts.os,
        osVersion: facts.osVersion,
        nixosVersion: facts.nixosVersion,
        agentVersion: facts.agentVersion,
        groupId: group?.id ?? null,
        facts,
        enrollmentTokenId: token.id,
        knownKeyIds: [pinned.keyId],
        lastSeenAt: new Date(),
      },
      select: { id: true },
    });
    await recordAudit(
      tx,
      token.orgId,
      { ...meta, actor: { type: "device", id: device.id, label: facts.hostname } },
      {
        action: "device.enroll",
        outcome: "success",
        target: { type: "device", id: device.id, label: facts.hostname },
        data: { tokenId: token.id, tokenName: token.name, groupId: group?.id ?? null, facts },
      },
    );
    return device;
  });
  if (!result) {
    const reason = token.revokedAt
      ? "revoked"
      : token.expiresAt.getTime() <= Date.now()
        ? "expired"
        : token.maxUses !== null
          ? "used_up"
          : "unusable";
    throw await refuse(token.orgId, `token_${reason}`, { tokenId: token.id });
  }
  const active = await db().signingKey.findMany({
    where: { orgId: token.orgId, state: "active", keyId: { not: pinned.keyId } },
    select: { keyId: true, publicKey: true },
  });
  return {
    deviceId: result.id,
    orgId: token.orgId,
    signingKeys: [pinned, ...active],
    pollIntervalSeconds: AGENT_API.pollIntervalSeconds,
  };
}

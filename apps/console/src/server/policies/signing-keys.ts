import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";
import { rotateSigningKey } from "../signing-keys/rotate-signing-key";
import { requireStepUp } from "../step-up/require-step-up";

/**
 * The org's policy-signing keys for Settings: the active one and the retired ones (kept so a
 * device that has not learned the new key yet still gets a bundle it can verify). The key id is
 * the fingerprint agents pin from their enrollment token. Never returns private key material.
 * The active key is created on first use if the org has none yet.
 */
export async function listSigningKeys(ctx: Ctx) {
  await db().$transaction((tx) => ensureSigningKey(tx, ctx.orgId));
  const [keys, activeDevices] = await Promise.all([
    db().signingKey.findMany({
      where: { orgId: ctx.orgId },
      orderBy: { createdAt: "desc" },
      select: { keyId: true, publicKey: true, state: true, createdAt: true, retiredAt: true },
    }),
    db().device.count({ where: { orgId: ctx.orgId, revokedAt: null } }),
  ]);
  const active = keys.find((k) => k.state === "active");
  // Devices that do not yet trust the active key: their bundles are still signed by an older key.
  const pending = active
    ? await db().device.count({
        where: { orgId: ctx.orgId, revokedAt: null, NOT: { knownKeyIds: { has: active.keyId } } },
      })
    : 0;
  const view = (k: (typeof keys)[number]) => ({
    keyId: k.keyId,
    fingerprint: k.keyId,
    publicKey: k.publicKey,
    algorithm: "Ed25519",
    state: k.state as "active" | "retired",
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
  });
  return {
    active: active ? view(active) : null,
    retired: keys.filter((k) => k.state !== "active").map(view),
    devices: { total: activeDevices, awaitingActiveKey: pending },
  };
}
export type TSigningKeys = Awaited<ReturnType<typeof listSigningKeys>>;

/** Rotation: audited with the old and new key ids, in the same transaction as the change. */
export async function rotateOrgSigningKey(ctx: Ctx) {
  await requireStepUp(ctx, "signingkey.rotate");
  const out = await db().$transaction(async (tx) => {
    const r = await rotateSigningKey(tx, ctx.orgId);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "signingkey.rotate",
      outcome: "success",
      target: { type: "signing_key", id: r.keyId, label: r.keyId },
      before: { activeKeyId: r.retiredKeyIds[0] ?? null },
      after: { activeKeyId: r.keyId },
      data: { retiredKeyIds: r.retiredKeyIds },
    });
    return r;
  });
  return { keyId: out.keyId, publicKey: out.publicKey, retiredKeyIds: out.retiredKeyIds };
}

import { randomUUID } from "node:crypto";
import { AUDIT_LANES } from "@luminous/audit";
import { recordAudit } from "../audit/record-audit";
import { db, type Tx } from "../db";
import type { Ctx } from "../http/guard";
import { checkTargetAudited, invalid } from "./check-target";
import { sealSiemSecret } from "./destination-secret";
import { getSiemDestination } from "./list-destinations";
import type { TCreateSiemDestination } from "./schemas";

/** The settings an audit event records (never a secret; whether one is set). */
export function auditedSettings(d: Record<string, unknown>) {
  const { clientKey, token, secret, secretEnc, ...rest } = d;
  return { ...rest, secretSet: Boolean(clientKey || token || secret || secretEnc) };
}

/** Cursors at the heads of the lanes: a new destination receives what is recorded from now on (replay reaches back). */
export async function cursorsAtHead(tx: Tx, orgId: string, destinationId: string, stream: string) {
  const heads =
    stream === "checkpoints"
      ? await tx.$queryRaw<{ lane: number; head: bigint }[]>`
          SELECT "lane"::int AS lane, max("seq")::bigint AS head FROM "ChainCheckpoint" WHERE "orgId" = ${orgId}::uuid GROUP BY "lane"`
      : await tx.$queryRaw<{ lane: number; head: bigint }[]>`
          SELECT "lane"::int AS lane, "serverSeq" AS head FROM "AuditChainHead" WHERE "orgId" = ${orgId}::uuid`;
  const at = new Map(heads.map((h) => [h.lane, h.head]));
  await tx.siemCursor.deleteMany({ where: { destinationId } });
  await tx.siemCursor.createMany({
    data: Array.from({ length: AUDIT_LANES }, (_, lane) => ({ destinationId, lane, position: at.get(lane) ?? 0n })),
  });
}

export async function createSiemDestination(ctx: Ctx, input: TCreateSiemDestination) {
  await checkTargetAudited(ctx, "siem_destination.create", input as { url?: string; host?: string; name: string });
  if (input.kind === "syslog_tls" && Boolean(input.clientCert) !== Boolean(input.clientKey)) {
    throw invalid(
      input.clientCert ? "clientKey" : "clientCert",
      "A client certificate needs its private key, and the other way round",
    );
  }
  const id = randomUUID();
  const secret = {
    clientKey: input.kind === "syslog_tls" ? input.clientKey : undefined,
    token: input.kind === "splunk_hec" ? input.token : undefined,
    secret: input.kind === "webhook" ? input.secret : undefined,
  };
  await db().$transaction(async (tx) => {
    await tx.siemDestination.create({
      data: {
        id,
        orgId: ctx.orgId,
        name: input.name,
        kind: input.kind,
        format: "format" in input ? input.format : "json",
        stream: input.stream,
        host: "host" in input ? input.host : null,
        port: "port" in input ? input.port : null,
        url: "url" in input ? input.url : null,
        caCert: "caCert" in input ? (input.caCert ?? null) : null,
        clientCert: "clientCert" in input ? (input.clientCert ?? null) : null,
        secretEnc: sealSiemSecret(id, secret),
        filter: input.filter,
        enabled: input.enabled,
      },
    });
    await cursorsAtHead(tx, ctx.orgId, id, input.stream);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "siem_destination.create",
      outcome: "success",
      target: { type: "siem_destination", id, label: input.name },
      after: auditedSettings(input as unknown as Record<string, unknown>),
    });
  });
  return getSiemDestination(ctx, id);
}

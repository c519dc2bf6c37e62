import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { checkTargetAudited, invalid } from "./check-target";
import { auditedSettings, cursorsAtHead } from "./create-destination";
import { openSiemSecret, sealSiemSecret } from "./destination-secret";
import { getSiemDestination } from "./list-destinations";
import { loadDestinationForUpdate } from "./load-destination";
import type { TUpdateSiemDestination } from "./schemas";

const SYSLOG = ["syslog_tls", "syslog_tcp", "syslog_udp"];

/** Fields that belong to one kind only: refused (named) for the others. */
function checkFieldsFit(kind: string, input: TUpdateSiemDestination) {
  const syslog = SYSLOG.includes(kind);
  const wrong: [keyof TUpdateSiemDestination, boolean][] = [
    ["format", !syslog],
    ["host", !syslog],
    ["port", !syslog],
    ["url", syslog],
    ["caCert", kind !== "syslog_tls"],
    ["clientCert", kind !== "syslog_tls"],
    ["clientKey", kind !== "syslog_tls"],
    ["token", kind !== "splunk_hec"],
    ["secret", kind !== "webhook"],
  ];
  for (const [field, bad] of wrong) {
    if (bad && input[field] !== undefined) throw invalid(field, `does not apply to a ${kind} destination`);
  }
}

export async function updateSiemDestination(ctx: Ctx, id: string, input: TUpdateSiemDestination) {
  await checkTargetAudited(ctx, "siem_destination.update", { ...input, id });
  await db().$transaction(async (tx) => {
    const d = await loadDestinationForUpdate(tx, ctx.orgId, id);
    checkFieldsFit(d.kind, input);
    const old = openSiemSecret(d);
    const secret = {
      ...old,
      ...(input.clientKey !== undefined ? { clientKey: input.clientKey ?? undefined } : {}),
      ...(input.token !== undefined ? { token: input.token } : {}),
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
    };
    const clientCert = input.clientCert === undefined ? d.clientCert : input.clientCert;
    if (d.kind === "syslog_tls" && Boolean(clientCert) !== Boolean(secret.clientKey)) {
      throw invalid(
        clientCert ? "clientKey" : "clientCert",
        "A client certificate needs its private key, and the other way round",
      );
    }
    const { clientKey, token, secret: _s, ...plain } = input;
    await tx.siemDestination.update({
      where: { id: d.id },
      data: {
        ...plain,
        secretEnc: sealSiemSecret(d.id, secret),
        // a changed target or format gets a fresh start instead of waiting out the old backoff
        attempts: 0,
        nextAttemptAt: null,
        ...(input.enabled === false
          ? { state: "paused" }
          : input.enabled === true && !d.enabled
            ? { state: "pending" }
            : {}),
      },
    });
    // A destination switched to another stream starts at that stream's head.
    if (input.stream && input.stream !== d.stream) await cursorsAtHead(tx, ctx.orgId, d.id, input.stream);
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "siem_destination.update",
      outcome: "success",
      target: { type: "siem_destination", id: d.id, label: input.name ?? d.name },
      before: auditedSettings({ ...d, delivered: undefined, failures: undefined, droppedByRetention: undefined }),
      after: auditedSettings({ ...input }),
    });
  });
  return getSiemDestination(ctx, id);
}

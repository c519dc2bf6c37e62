import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import {
  type EvidenceManifest,
  EVIDENCE_FILES as F,
  renderCsv,
  renderJson,
  renderPdf,
  signManifest,
} from "@luminous/compliance";
import { sha256Hex } from "@luminous/crypto";
import { recordAuditNow } from "../audit/record-audit";
import { writeCheckpoint } from "../audit/write-checkpoint";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { evaluateCompliance } from "./evaluate-compliance";
import { evidenceWindows } from "./evidence-windows";
import { reportFileName } from "./export-compliance-report";
import { loadPopulation } from "./load-population";
import { periodOf, type TComplianceReportQuery } from "./schemas";
import { writeEvidenceRows } from "./write-evidence-rows";
import { zipFiles } from "./zip-files";

/**
 * The evidence package of a report: the report (PDF, CSV, JSON), the population and the raw audit
 * rows it was computed from (NDJSON, whole chain windows covering the period), the signed
 * checkpoints those rows chain to, the org's public keys, and a manifest with the SHA-256 of every
 * file, signed with the org's signing key. A checkpoint is written first, so the period's rows are
 * signed up to now. Built in a temporary directory and streamed from disk.
 */
export async function exportEvidencePackage(ctx: Ctx, q: TComplianceReportQuery): Promise<Response> {
  const { from, to } = periodOf(q);
  const now = new Date();
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "compliance.package.download",
    outcome: "success",
    target: { type: "compliance_report", id: q.framework, label: q.framework },
    data: { framework: q.framework, from: from.toISOString(), to: to.toISOString(), format: "zip" },
  });
  await writeCheckpoint(ctx.orgId, now);
  const key = await activeSigningKey(ctx.orgId);
  if (!key) throw new Error(`org ${ctx.orgId} has no active signing key after a checkpoint`);
  const population = await loadPopulation(ctx.orgId, now);
  const { report } = await evaluateCompliance(
    {
      orgId: ctx.orgId,
      framework: q.framework,
      from,
      to,
      generatedBy: ctx.meta.actor.label ?? ctx.principal.email,
      now,
    },
    population,
  );
  const windows = await evidenceWindows(ctx.orgId, from, to);
  const keys = await db().signingKey.findMany({
    where: { orgId: ctx.orgId },
    orderBy: { createdAt: "asc" },
    select: { keyId: true, publicKey: true },
  });

  const dir = mkdtempSync(path.join(tmpdir(), "luminous-evidence-"));
  try {
    const files: EvidenceManifest["files"] = [];
    const put = (name: string, body: string | Uint8Array) => {
      writeFileSync(path.join(dir, name), body);
      const b = typeof body === "string" ? Buffer.from(body) : body;
      files.push({ name, sha256: sha256Hex(b), bytes: b.length });
    };
    put(F.reportPdf, await renderPdf(report));
    put(F.reportCsv, renderCsv(report));
    put(F.reportJson, renderJson(report));
    put(F.population, `${JSON.stringify(population, null, 2)}\n`);
    const ev = await writeEvidenceRows(ctx.orgId, windows, path.join(dir, F.events));
    files.push({ name: F.events, sha256: ev.sha256, bytes: ev.bytes });
    put(
      F.checkpoints,
      `${JSON.stringify(
        windows.flatMap((w) => w.checkpoints),
        null,
        2,
      )}\n`,
    );
    put(F.keys, `${JSON.stringify(keys, null, 2)}\n`);
    const manifest: EvidenceManifest = {
      v: 1,
      kind: "luminous-evidence",
      orgId: ctx.orgId,
      orgName: report.org.name,
      framework: q.framework,
      period: report.period,
      generatedAt: report.generatedAt,
      generatedBy: report.generatedBy,
      keyId: key.keyId,
      files,
      lanes: windows.map(({ checkpoints: _, ...cov }) => cov),
    };
    writeFileSync(path.join(dir, F.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(path.join(dir, F.signature), `${signManifest(manifest, key.privateKeyPem)}\n`);
    const zip = path.join(dir, "evidence.zip");
    zipFiles(
      [...files.map((f) => f.name), F.manifest, F.signature].map((name) => ({ name, path: path.join(dir, name) })),
      zip,
    );
    const size = statSync(zip).size;
    const stream = createReadStream(zip);
    stream.on("close", () => rmSync(dir, { recursive: true, force: true }));
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        "content-type": "application/zip",
        "content-length": String(size),
        "content-disposition": `attachment; filename="${reportFileName(`evidence-${q.framework}`, from, to, "zip")}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

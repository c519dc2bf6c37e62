import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type ComplianceReport,
  type EvidenceManifest,
  EVIDENCE_FILES as F,
  renderCsv,
  renderJson,
  renderPdf,
  signManifest,
  type TFramework,
} from "@luminous/compliance";
import { sha256Hex } from "@luminous/crypto";
import { writeCheckpoint } from "../audit/write-checkpoint";
import { db } from "../db";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { evaluateCompliance } from "./evaluate-compliance";
import { evidenceWindows } from "./evidence-windows";
import { loadPopulation } from "./load-population";
import { writeEvidenceRows } from "./write-evidence-rows";
import { openZip } from "./zip-files";

export interface EvidencePackageInput {
  orgId: string;
  framework: TFramework;
  from: Date;
  to: Date;
  generatedBy: string;
  now?: Date;
}

export interface BuiltPackage {
  /** The zip on disk (in a temporary directory; `remove` deletes it). */
  zip: string;
  sha256: string;
  bytes: number;
  report: ComplianceReport;
  remove(): void;
}

/**
 * The evidence package of a report: the report (PDF, CSV, JSON), the population and the raw audit
 * rows it was computed from (NDJSON, whole chain windows covering the period), the signed
 * checkpoints those rows chain to, the org's public keys, and a manifest with the SHA-256 of every
 * file, signed with the org's signing key. A checkpoint is written first, so the period's rows are
 * signed up to now. The rows are read once: each row streamed into events.ndjson (deflated on
 * Node's thread pool as it goes) is also fed to the controls' evaluation (which skips those outside
 * the period). The zip is written to a temporary directory, a page or two of rows in memory at a time.
 */
export async function buildEvidencePackage(input: EvidencePackageInput): Promise<BuiltPackage> {
  const { orgId, framework, from, to } = input;
  const now = input.now ?? new Date();
  await writeCheckpoint(orgId, now);
  const key = await activeSigningKey(orgId);
  if (!key) throw new Error(`org ${orgId} has no active signing key after a checkpoint`);
  const [population, windows, keys] = await Promise.all([
    loadPopulation(orgId, now),
    evidenceWindows(orgId, from, to),
    db().signingKey.findMany({
      where: { orgId },
      orderBy: { createdAt: "asc" },
      select: { keyId: true, publicKey: true },
    }),
  ]);

  const dir = mkdtempSync(path.join(tmpdir(), "luminous-evidence-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const zipPath = path.join(dir, "evidence.zip");
    const zip = openZip(zipPath);
    const files: EvidenceManifest["files"] = [];
    const put = (name: string, body: string | Uint8Array) => {
      const b = typeof body === "string" ? Buffer.from(body) : body;
      zip.buffer(name, b);
      files.push({ name, sha256: sha256Hex(b), bytes: b.length });
    };
    const events = { sha256: "", bytes: 0 };
    const { report } = await evaluateCompliance({ ...input, now }, population, async (ev) => {
      Object.assign(events, await writeEvidenceRows(orgId, windows, zip.stream(F.events), (row) => ev.add(row)));
    });
    files.push({ name: F.events, sha256: events.sha256, bytes: events.bytes });
    put(F.reportPdf, await renderPdf(report));
    put(F.reportCsv, renderCsv(report));
    put(F.reportJson, renderJson(report));
    put(F.population, `${JSON.stringify(population, null, 2)}\n`);
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
      orgId,
      orgName: report.org.name,
      framework,
      period: report.period,
      generatedAt: report.generatedAt,
      generatedBy: report.generatedBy,
      keyId: key.keyId,
      files,
      lanes: windows.map(({ checkpoints: _, ...cov }) => cov),
    };
    zip.buffer(F.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    zip.buffer(F.signature, `${signManifest(manifest, key.privateKeyPem)}\n`);
    const z = await zip.finish();
    return { zip: zipPath, sha256: z.sha256, bytes: z.bytes, report, remove };
  } catch (e) {
    remove();
    throw e;
  }
}

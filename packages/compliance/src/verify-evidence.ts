import {
  adminEventContent,
  eventFromStoredRow,
  eventHash,
  GENESIS_HASH,
  type SignedCheckpoint,
  verifyCheckpoint,
  verifyServerChain,
} from "@luminous/audit";
import { canonicalize, keyIdOf, sha256Hex } from "@luminous/crypto";
import { z } from "zod";
import { createEvaluator } from "./evaluate";
import {
  type EvidenceManifest,
  type EvidenceRow,
  EVIDENCE_FILES as F,
  verifyManifestSignature,
} from "./evidence-manifest";
import type { Population } from "./model";
import type { ComplianceReport } from "./report";

export interface EvidenceProblem {
  /** The file (or "package") the problem is in. */
  file: string;
  message: string;
}

export interface EvidenceVerification {
  ok: boolean;
  /** The manifest is signed by a key the caller pinned (--key-id). */
  trusted: boolean;
  keyId: string | null;
  problems: EvidenceProblem[];
  /** Things that hold but an auditor should know (rows no checkpoint signs yet). */
  notes: string[];
  events: number;
  checkpointsVerified: number;
  controlsRecomputed: number;
}

const ZManifestShape = z.object({
  orgId: z.string(),
  keyId: z.string(),
  framework: z.string(),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
  lanes: z.array(
    z.object({ lane: z.number(), fromSeq: z.number(), toSeq: z.number(), anchor: z.number(), unsigned: z.number() }),
  ),
});
const ZKeys = z.array(z.object({ keyId: z.string(), publicKey: z.string() }));

function fingerprint(publicKey: string): string | null {
  try {
    return keyIdOf(publicKey);
  } catch {
    return null;
  }
}

const text = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: false }).decode(b);

function parseJson<T>(files: Map<string, Uint8Array>, name: string, add: (p: EvidenceProblem) => void): T | null {
  const b = files.get(name);
  if (!b) {
    add({ file: name, message: "missing from the package" });
    return null;
  }
  try {
    return JSON.parse(text(b)) as T;
  } catch (e) {
    add({ file: name, message: `not valid JSON (${(e as Error).message})` });
    return null;
  }
}

function parseRows(b: Uint8Array | undefined, add: (p: EvidenceProblem) => void): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  if (!b) return rows;
  const lines = text(b).split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    try {
      rows.push(JSON.parse(line) as EvidenceRow);
    } catch {
      add({ file: F.events, message: `line ${i + 1} is not valid JSON` });
    }
  }
  return rows;
}

/** Why a row's content no longer matches its content hash, or null. */
function contentProblem(r: EvidenceRow): string | null {
  if (r.category === "agent" && r.seq !== null) {
    const e = eventFromStoredRow(r);
    if (!e) return "agent event without its signed content";
    return eventHash(e) === r.hash ? null : "content does not match the device's hash (edited)";
  }
  return sha256Hex(canonicalize(adminEventContent(r))) === r.hash ? null : "content does not match its hash (edited)";
}

function checkFiles(files: Map<string, Uint8Array>, m: EvidenceManifest, add: (p: EvidenceProblem) => void) {
  const listed = new Set(m.files.map((f) => f.name));
  for (const f of m.files) {
    const b = files.get(f.name);
    if (!b) add({ file: f.name, message: "listed in the manifest but missing from the package" });
    else if (sha256Hex(b) !== f.sha256) add({ file: f.name, message: "SHA-256 does not match the manifest (changed)" });
  }
  for (const name of files.keys()) {
    if (name !== F.manifest && name !== F.signature && !listed.has(name))
      add({ file: name, message: "in the package but not in the manifest (added)" });
  }
}

function checkLanes(
  rows: EvidenceRow[],
  m: EvidenceManifest,
  checkpoints: SignedCheckpoint[],
  keys: Record<string, string>,
  add: (p: EvidenceProblem) => void,
  notes: string[],
): number {
  let verified = 0;
  for (const cov of m.lanes) {
    const laneRows = rows.filter((r) => r.lane === cov.lane);
    const laneCps = checkpoints.filter((c) => (c.payload.lane ?? 0) === cov.lane);
    let start = { serverHash: GENESIS_HASH, count: 0 };
    if (cov.anchor > 0) {
      const a = laneCps.find((c) => c.payload.count === cov.anchor);
      if (!a || !verifyCheckpoint(a, keys) || a.payload.orgId !== m.orgId) {
        add({
          file: F.checkpoints,
          message: `lane ${cov.lane}: the signed checkpoint #${cov.anchor} the events start after is missing or invalid`,
        });
        continue;
      }
      start = { serverHash: a.payload.lastServerHash, count: a.payload.count };
    }
    const first = laneRows[0];
    if (first && first.serverSeq !== start.count + 1) {
      add({
        file: F.events,
        message: `lane ${cov.lane}: starts at server seq ${first.serverSeq}, expected ${start.count + 1} (rows removed at the start)`,
      });
    }
    const inWindow = laneCps.filter((c) => c.payload.count > start.count);
    const r = verifyServerChain(laneRows, {
      start,
      checkpoints: inWindow,
      publicKeysById: keys,
      orgId: m.orgId,
      lane: cov.lane,
    });
    if (!r.ok) add({ file: F.events, message: `lane ${cov.lane}: ${r.problem}: ${r.message}` });
    else verified += r.checkpointsVerified;
    const last = laneRows.at(-1);
    if (last && last.serverSeq !== cov.toSeq) {
      add({
        file: F.events,
        message: `lane ${cov.lane}: ends at server seq ${last.serverSeq}, the manifest says ${cov.toSeq} (rows removed at the end)`,
      });
    }
    if (cov.unsigned > 0) {
      notes.push(
        `lane ${cov.lane}: the last ${cov.unsigned} event(s) come after the newest checkpoint; only the manifest signature covers them`,
      );
    }
  }
  for (const r of rows) {
    const why = contentProblem(r);
    if (why) add({ file: F.events, message: `event ${r.id} (lane ${r.lane} #${r.serverSeq}): ${why}` });
  }
  return verified;
}

/** Recomputes every control from population.json and the events, and compares with report.json. */
function checkControls(
  report: ComplianceReport,
  population: Population,
  rows: EvidenceRow[],
  add: (p: EvidenceProblem) => void,
) {
  const ev = createEvaluator(report.framework, report.period, population);
  for (const r of rows) ev.add(r);
  const mine = new Map(ev.finish().map((c) => [c.controlId, c]));
  for (const c of report.controls) {
    const m = mine.get(c.id);
    if (!m) {
      add({ file: F.reportJson, message: `control ${c.ref}: not in the framework's catalogue` });
      continue;
    }
    const diffs: string[] = [];
    if (m.status !== c.status) diffs.push(`status ${c.status}, recomputed ${m.status}`);
    if (m.population !== c.population) diffs.push(`population ${c.population}, recomputed ${m.population}`);
    if (m.exceptionCount !== c.exceptionCount)
      diffs.push(`exceptions ${c.exceptionCount}, recomputed ${m.exceptionCount}`);
    for (const [k, v] of Object.entries(m.numbers))
      if (c.numbers[k] !== v) diffs.push(`${k} ${c.numbers[k]}, recomputed ${v}`);
    if (canonicalize(m.exceptions) !== canonicalize(c.exceptions)) diffs.push("exception list differs");
    if (diffs.length) add({ file: F.reportJson, message: `control ${c.ref}: ${diffs.join("; ")}` });
  }
  if (report.controls.length !== mine.size)
    add({ file: F.reportJson, message: `${report.controls.length} controls, the framework has ${mine.size}` });
}

/**
 * Verifies an evidence package given its files: the manifest signature (by a pinned key id when
 * given), every file's SHA-256, the audit rows chained from a signed checkpoint through the signed
 * checkpoints in the window, each row's content hash, and every control recomputed from the rows.
 * Every problem found is reported, each naming its file.
 */
export function verifyEvidence(
  files: Map<string, Uint8Array>,
  opts: { trustedKeyIds?: string[] } = {},
): EvidenceVerification {
  const problems: EvidenceProblem[] = [];
  const notes: string[] = [];
  const add = (p: EvidenceProblem) => problems.push(p);
  const result = (extra: Partial<EvidenceVerification>): EvidenceVerification => ({
    ok: problems.length === 0,
    trusted: false,
    keyId: null,
    problems,
    notes,
    events: 0,
    checkpointsVerified: 0,
    controlsRecomputed: 0,
    ...extra,
  });
  const m = parseJson<EvidenceManifest>(files, F.manifest, add);
  if (!m) return result({});
  const shape = ZManifestShape.safeParse(m);
  if (!shape.success) {
    add({ file: F.manifest, message: `malformed: ${z.prettifyError(shape.error).replace(/\s+/g, " ")}` });
    return result({});
  }
  const keyList = ZKeys.safeParse(parseJson<unknown>(files, F.keys, add) ?? []);
  if (!keyList.success) add({ file: F.keys, message: "malformed: expected a list of { keyId, publicKey }" });
  // A key id is the fingerprint of its public key: a key listed under another id is refused.
  const keys: Record<string, string> = {};
  for (const k of keyList.data ?? []) {
    if (fingerprint(k.publicKey) === k.keyId) keys[k.keyId] = k.publicKey;
    else add({ file: F.keys, message: `key ${k.keyId} does not match its public key` });
  }
  const sig = files.get(F.signature);
  const signer = keys[m.keyId];
  if (!sig) add({ file: F.signature, message: "missing from the package" });
  else if (!signer) add({ file: F.signature, message: `signed by key ${m.keyId}, which is not in keys.json` });
  else if (!verifyManifestSignature(m, text(sig), signer))
    add({ file: F.manifest, message: "signature does not verify (manifest changed or signed by another key)" });
  const pinned = opts.trustedKeyIds ?? [];
  if (pinned.length && !pinned.includes(m.keyId)) {
    add({ file: F.signature, message: `signed by key ${m.keyId}, not by the pinned key ${pinned.join(", ")}` });
  }
  checkFiles(files, m, add);
  const checkpoints = parseJson<SignedCheckpoint[]>(files, F.checkpoints, add) ?? [];
  const rows = parseRows(files.get(F.events), add);
  // Malformed content must be reported, never crash the verifier.
  const guarded = <T>(file: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      add({ file, message: `could not be checked: ${(e as Error).message}` });
      return fallback;
    }
  };
  const checkpointsVerified = guarded(F.events, () => checkLanes(rows, m, checkpoints, keys, add, notes), 0);
  const report = parseJson<ComplianceReport>(files, F.reportJson, add);
  const population = parseJson<Population>(files, F.population, add);
  if (report && population) guarded(F.reportJson, () => checkControls(report, population, rows, add), undefined);
  return result({
    ok: problems.length === 0,
    trusted: problems.length === 0 && pinned.includes(m.keyId),
    keyId: m.keyId,
    events: rows.length,
    checkpointsVerified,
    controlsRecomputed: report?.controls.length ?? 0,
  });
}

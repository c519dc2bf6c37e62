import { canonicalize, signEd25519, verifyEd25519 } from "@luminous/crypto";
import type { TFramework } from "./catalogue";
import type { Period } from "./model";

/** Signed bytes are prefixed so a manifest signature is never valid as a checkpoint or bundle one. */
const SIGNING_CONTEXT = "luminous-evidence-manifest/v1\n";

export const EVIDENCE_FILES = {
  reportPdf: "report.pdf",
  reportCsv: "report.csv",
  reportJson: "report.json",
  population: "population.json",
  events: "events.ndjson",
  checkpoints: "checkpoints.json",
  keys: "keys.json",
  manifest: "manifest.json",
  signature: "manifest.sig",
} as const;

/** Which rows of one chain lane the package carries, and what signs them. */
export interface LaneCoverage {
  lane: number;
  /** Server seq of the first and last row in events.ndjson for this lane. */
  fromSeq: number;
  toSeq: number;
  /** The checkpoint the window starts after (its count = fromSeq - 1); 0 when it starts at the genesis. */
  anchor: number;
  /** The newest checkpoint within the window (null: none), and rows after it that no checkpoint signs. */
  lastCheckpoint: number | null;
  unsigned: number;
}

export interface EvidenceManifest {
  v: 1;
  kind: "luminous-evidence";
  orgId: string;
  orgName: string;
  framework: TFramework;
  period: Period;
  generatedAt: string;
  generatedBy: string;
  /** The org signing key that signs this manifest (its id is its fingerprint). */
  keyId: string;
  files: { name: string; sha256: string; bytes: number }[];
  lanes: LaneCoverage[];
}

export function signManifest(m: EvidenceManifest, privateKeyPem: string): string {
  return signEd25519(privateKeyPem, SIGNING_CONTEXT + canonicalize(m));
}

export function verifyManifestSignature(m: EvidenceManifest, signature: string, publicKey: string): boolean {
  return verifyEd25519(publicKey, SIGNING_CONTEXT + canonicalize(m), signature.trim());
}

/** One stored audit row as events.ndjson carries it (every column the chains and controls need). */
export interface EvidenceRow {
  id: string;
  ts: string;
  receivedAt: string;
  category: string;
  type: string;
  action: string | null;
  outcome: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  deviceId: string | null;
  seq: number | null;
  subject: string | null;
  command: string | null;
  packages: string[];
  services: string[];
  data: unknown;
  prevHash: string | null;
  hash: string;
  lane: number;
  serverSeq: number;
  serverHash: string;
}

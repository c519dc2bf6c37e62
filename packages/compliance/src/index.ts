export {
  CONTROLS,
  type Control,
  controlsOf,
  EVIDENCE_FILTERS,
  FRAMEWORK_NAMES,
  FRAMEWORKS,
  type TFramework,
} from "./catalogue";
export {
  type ControlEvaluation,
  createEvaluator,
  type EvaluateOptions,
  type Evaluator,
  evaluateFramework,
  isoMs,
  statusOf,
} from "./evaluate";
export {
  EVIDENCE_FILES,
  type EvidenceManifest,
  type EvidenceRow,
  type LaneCoverage,
  signManifest,
  verifyManifestSignature,
} from "./evidence-manifest";
export { MAX_EVENT_LINKS, type MeasureId } from "./measure";
export { DEFAULT_APPROVAL_ACTIONS } from "./measures-change";
export { EVENTS_QUERY, METHODS } from "./methods";
export type {
  ControlException,
  ControlResult,
  ControlStatus,
  EvidenceEvent,
  Period,
  Population,
  PopulationDevice,
  PopulationPolicyVersion,
  PopulationUser,
  Thresholds,
} from "./model";
export { renderCsv, renderJson } from "./render-csv";
export { renderPdf } from "./render-pdf";
export { buildReport, type ComplianceReport, overallStatus, type ReportControl } from "./report";
export { CADENCES, previousPeriod, type TCadence } from "./report-periods";
export {
  type ChainedSnapshot,
  chainSnapshots,
  type Snapshot,
  snapshotHash,
  verifySnapshotChain,
} from "./snapshot-chain";
export { type EvidenceProblem, type EvidenceVerification, verifyEvidence } from "./verify-evidence";

export {
  appendToChain,
  type ChainLink,
  type ChainProblem,
  type ChainResult,
  eventCanonical,
  eventHash,
  verifyChain,
} from "./chain";
export {
  type CheckpointInput,
  checkpointHash,
  checkpointSeq,
  makeCheckpoint,
  type PublicKeys,
  publicKeyOf,
  type SignedCheckpoint,
  type TCheckpointPayload,
  verifyCheckpoint,
  ZCheckpointPayload,
  ZSignedCheckpoint,
} from "./checkpoint";
export {
  CHECKPOINT_INTERVAL_SECONDS,
  type CheckpointChainFailure,
  type CheckpointChainProblem,
  coverageLimitSeconds,
  type StoredCheckpoint,
  verifyCheckpointChain,
} from "./checkpoint-chain";
export {
  CHECKPOINT_EXPORT_FORMAT,
  checkpointRef,
  exportCheckpoints,
  parseCheckpointExport,
  type TCheckpointExport,
  ZCheckpointExport,
} from "./checkpoint-export";
export { findNul, issueFields, NUL_MESSAGE } from "./nul";
export {
  ADMIN_EVENT_PREFIX,
  EVENT_TYPES,
  GENESIS_HASH,
  makeChainedEventSchema,
  makeEventInputSchema,
  type TChainedEvent,
  type TEventInput,
  type TEventType,
  ZChainedEvent,
  ZEventInput,
} from "./schema";
export {
  AUDIT_LANES,
  laneOf,
  type ServerChainProblem,
  type ServerChainResult,
  type ServerChainRow,
  type StoredEventRef,
  serverLinkHash,
  verifyServerChain,
} from "./server-chain";
export {
  SIEM_SD_ID,
  type SiemEvent,
  type SiemFormat,
  type SiemMeta,
  siemSeverity,
  syslogRecord,
  toCEF,
  toLEEF,
  toSiemJson,
  toSyslog,
  toSyslog5424,
} from "./siem";
export {
  adminEventContent,
  eventFromStoredRow,
  type StoredAdminRow,
  type StoredAgentEventRow,
} from "./stored-row";

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
  makeCheckpoint,
  type SignedCheckpoint,
  type TCheckpointPayload,
  verifyCheckpoint,
  ZCheckpointPayload,
} from "./checkpoint";
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
export { type SiemEvent, type SiemMeta, toCEF, toLEEF, toSyslog5424 } from "./siem";

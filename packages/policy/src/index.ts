export {
  type Approver,
  type ApproverCheck,
  checkApprover,
  defaultApprovals,
  inTimeWindow,
  levelForVote,
  type TApprovalLevel,
  type TApprovals,
  type Tally,
  type TTimeWindow,
  tally,
  type Vote,
  WEEKDAYS,
  ZApprovalLevel,
  ZApprovals,
  ZTimeWindow,
} from "./approvals";
export {
  type BundlePayload,
  keysToTrustAfter,
  type SignedBundle,
  signBundle,
  type VerifyBundleOptions,
  type VerifyBundleResult,
  verifyBundle,
  ZBundlePayload,
  ZSignedBundle,
} from "./bundle";
export { type Decision, type DecisionRequest, decide } from "./decide";
export { diffPolicies, type PolicyChange, policyHash } from "./diff";
export { globMatch } from "./glob";
export { type MergeResult, mergePolicies, type PolicyLayer } from "./merge";
export {
  type ParsePatchResult,
  type ParsePolicyResult,
  type PolicyError,
  type PolicyFormat,
  parsePolicy,
  parsePolicyPatch,
} from "./parse";
export {
  ACTIONS,
  type Action,
  type DeepPartial,
  defaultPolicy,
  type TPolicy,
  type TPolicyPatch,
  ZPolicy,
  ZPolicyDocument,
  ZPolicyPatch,
} from "./schema";
export { serializePolicy } from "./serialize";

export { checkValueLimits, type ValueLimitOptions, type ValueLimitProblem } from "./check-value";
export { formatPath, JSON_LIMITS, tooDeepMessage } from "./limits";
export { JsonLimitError, type JsonLimitKind, type JsonLimitOptions, parseJsonWithin } from "./parse";
export { type DepthScan, scanJsonDepth, type TooDeep } from "./scan-depth";

import { z } from "zod";
import { ZAction } from "./actions";
import { defaultApprovals, ZApprovals } from "./approvals";

export { ACTIONS, type Action, ZAction } from "./actions";

/** Nix attribute names and globs over them; anything else (spaces, slashes, regex syntax) is refused. */
const ZPackagePattern = z
  .string()
  .regex(/^[A-Za-z0-9._+\-*?]+$/, "must be a package name or glob using letters, digits, . _ + - * ?");

const ZIdentifier = z.string().min(1).max(200);

export const ZCommands = z.strictObject({
  mode: z.enum(["whitelist", "blacklist"]),
  whitelist: z.array(ZAction),
  blacklist: z.array(ZAction),
  require_approval: z.array(ZAction),
});

export const ZMfa = z.strictObject({
  operations: z.array(ZAction),
  method: z.enum(["totp", "webauthn", "yubikey"]),
  timeout_seconds: z.int().min(30).max(86_400),
});

export const ZPackages = z.strictObject({
  allow: z.array(ZPackagePattern),
  deny: z.array(ZPackagePattern),
});

export const ZSafety = z.strictObject({
  require_confirmation: z.boolean(),
  dry_run_default: z.boolean(),
});

export const ZRollback = z.strictObject({
  on_failed_execution: z.boolean(),
  on_failed_health_check: z.boolean(),
});

export const ZLlm = z.strictObject({
  provider: ZIdentifier,
  model: ZIdentifier,
  endpoint: z.url({ protocol: /^https?$/ }),
  allow_external: z.boolean(),
  fallback_provider: ZIdentifier.optional(),
});

export const ZVoice = z.strictObject({
  enabled: z.boolean(),
  wake_word: z.string().min(1).max(100),
  require_proximity: z.boolean(),
  record_audio: z.boolean(),
  local_processing_only: z.boolean(),
  network_voice: z.boolean(),
});

export const AUDIT_LEVELS = ["minimal", "standard", "verbose"] as const;

export const ZAudit = z.strictObject({
  enabled: z.boolean(),
  level: z.enum(AUDIT_LEVELS),
  events: z.array(ZIdentifier),
  context_fields: z.array(ZIdentifier),
  retention_days: z.int().min(1).max(3650),
});

const sections = {
  commands: ZCommands,
  mfa: ZMfa,
  packages: ZPackages,
  safety: ZSafety,
  rollback: ZRollback,
  llm: ZLlm,
  voice: ZVoice,
  audit: ZAudit,
  approvals: ZApprovals,
};

/** The complete policy document, every field present. Signed bundles carry exactly this. */
export const ZPolicyDocument = z.strictObject(sections);
export type TPolicy = z.output<typeof ZPolicyDocument>;
export type PolicySection = keyof TPolicy;
export const POLICY_SECTIONS = Object.keys(sections) as PolicySection[];

/** Deep partial: objects become optional member by member, arrays stay whole values. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export function defaultPolicy(): TPolicy {
  return {
    commands: {
      mode: "whitelist",
      whitelist: [
        "show_info",
        "install_package",
        "remove_package",
        "enable_service",
        "disable_service",
        "restart_service",
        "system_upgrade",
        "modify_firewall",
        "add_user",
        "change_permissions",
        "user_management",
      ],
      blacklist: ["delete_files", "format_disk", "shutdown_system", "kernel_modification"],
      require_approval: ["remove_package", "disable_service", "system_upgrade"],
    },
    mfa: {
      operations: ["modify_firewall", "add_user", "change_permissions", "user_management"],
      method: "totp",
      timeout_seconds: 300,
    },
    packages: { allow: [], deny: [] },
    safety: { require_confirmation: true, dry_run_default: false },
    rollback: { on_failed_execution: true, on_failed_health_check: true },
    llm: { provider: "ollama", model: "qwen2.5:3b", endpoint: "http://127.0.0.1:11434", allow_external: false },
    voice: {
      enabled: false,
      wake_word: "hey nix",
      require_proximity: true,
      record_audio: false,
      local_processing_only: true,
      network_voice: false,
    },
    audit: {
      enabled: true,
      level: "standard",
      events: [
        "command_received",
        "command_parsed",
        "plan_generated",
        "user_confirmation",
        "execution_started",
        "execution_completed",
        "errors_encountered",
        "rollback_performed",
      ],
      context_fields: ["user", "hostname", "working_directory", "nixos_version"],
      retention_days: 365,
    },
    approvals: defaultApprovals(),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Fills omitted members from `defaults`, keeping everything the author wrote (unknown keys and
 * wrong types included) so validation still reports them at their own path.
 */
function fillDefaults(input: unknown, defaults: unknown): unknown {
  if (!isPlainObject(input) || !isPlainObject(defaults)) return input === undefined ? defaults : input;
  const out: Record<string, unknown> = {};
  // defineProperty, not assignment: a "__proto__" key in the source must stay a plain (unknown) key.
  const put = (key: string, value: unknown) =>
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [key, value] of Object.entries(defaults)) {
    put(key, Object.hasOwn(input, key) ? fillDefaults(input[key], value) : value);
  }
  for (const [key, value] of Object.entries(input)) if (!Object.hasOwn(defaults, key)) put(key, value);
  return out;
}

/**
 * Break-glass lets an action skip the approval it would need; an action the policy denies, or
 * one that needs no approval, has nothing to skip and is refused at its own path.
 */
export function checkBreakGlass(policy: TPolicy, ctx: z.RefinementCtx): void {
  const { commands, mfa, approvals } = policy;
  approvals.break_glass.forEach((action, i) => {
    const path = ["approvals", "break_glass", i];
    if (
      commands.blacklist.includes(action) ||
      (commands.mode === "whitelist" && !commands.whitelist.includes(action))
    ) {
      ctx.addIssue({
        code: "custom",
        path,
        input: action,
        message: `${action} is denied by commands; break-glass cannot allow it`,
      });
    } else if (!commands.require_approval.includes(action) && !mfa.operations.includes(action)) {
      ctx.addIssue({
        code: "custom",
        path,
        input: action,
        message: `${action} needs no approval or MFA (add it to commands.require_approval or mfa.operations)`,
      });
    }
  });
}

/** A policy as teams write it: omitted members take the secure defaults of `defaultPolicy()`. */
export const ZPolicy = z
  .preprocess((input) => fillDefaults(input, defaultPolicy()), ZPolicyDocument)
  .superRefine(checkBreakGlass);

/** A group or device override: any subset of the policy, still strict about unknown keys and values. */
export const ZPolicyPatch = z.strictObject({
  commands: ZCommands.partial().optional(),
  mfa: ZMfa.partial().optional(),
  packages: ZPackages.partial().optional(),
  safety: ZSafety.partial().optional(),
  rollback: ZRollback.partial().optional(),
  llm: ZLlm.partial().optional(),
  voice: ZVoice.partial().optional(),
  audit: ZAudit.partial().optional(),
  approvals: ZApprovals.partial().optional(),
});
export type TPolicyPatch = z.output<typeof ZPolicyPatch>;

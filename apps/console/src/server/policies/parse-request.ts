import type { Action, DecisionRequest } from "@luminous/policy";

/**
 * Reads a request typed in plain words, the way someone would phrase it to ask-nix
 * ("install docker and vim by alice", "restart nginx", "rm -rf /tmp/cache", "reboot as bob"),
 * into the request the policy evaluates. Deliberately small: the first verb decides the action;
 * the simulator shows what it understood so nobody is misled by a guess.
 * Pure: the simulator form uses it for a live preview, the server to decide.
 */
export type ParsedRequest =
  | { ok: true; request: DecisionRequest & { action: Action }; understood: string }
  | { ok: false; message: string };

/** Phrases checked before single verbs, because their verb alone would mean something else. */
const PHRASES: [RegExp, Action][] = [
  [/\b(add|create|new)\s+(a\s+)?user\b|\buseradd\b|\badduser\b/, "add_user"],
  [
    /\b(delete|remove|del|rm|lock|unlock|modify|change)\s+(a\s+|the\s+)?users?\b|\buserdel\b|\busermod\b|(?:^|\s)passwd(?:\s|$)|\bmanage\s+users?\b/,
    "user_management",
  ],
  [/\bformat\b|\bmkfs(\.\w+)?\b|\bwipe\s+(the\s+)?disk\b|\bpartition\b/, "format_disk"],
  [/\bkernel\b|\bmodprobe\b|\binsmod\b|\brmmod\b|\bsysctl\b/, "kernel_modification"],
  [/\bfirewall\b|\b(open|close|block|allow)\s+port\b|\biptables\b|\bnftables\b/, "modify_firewall"],
];

const VERBS: Record<string, Action> = {
  install: "install_package",
  add: "install_package",
  get: "install_package",
  remove: "remove_package",
  uninstall: "remove_package",
  purge: "remove_package",
  enable: "enable_service",
  start: "enable_service",
  disable: "disable_service",
  stop: "disable_service",
  restart: "restart_service",
  reload: "restart_service",
  delete: "delete_files",
  rm: "delete_files",
  erase: "delete_files",
  upgrade: "system_upgrade",
  update: "system_upgrade",
  rebuild: "system_upgrade",
  shutdown: "shutdown_system",
  poweroff: "shutdown_system",
  reboot: "shutdown_system",
  halt: "shutdown_system",
  chmod: "change_permissions",
  chown: "change_permissions",
  chgrp: "change_permissions",
  permissions: "change_permissions",
  show: "show_info",
  list: "show_info",
  info: "show_info",
  search: "show_info",
  status: "show_info",
  what: "show_info",
  which: "show_info",
};

const FILLER = new Set([
  "and",
  "the",
  "a",
  "an",
  "please",
  "package",
  "packages",
  "service",
  "services",
  "it",
  "to",
  "me",
  "sudo",
  "shut",
  "down",
  "up",
  "of",
  "some",
]);

const USER_RE = /\s+(?:by|as|for)\s+(?:user\s+)?([a-z_][a-z0-9_.-]{0,31})\s*$/i;

export function parseRequestText(input: string): ParsedRequest {
  let text = input.trim().replace(/^["']|["']$/g, "");
  if (!text) return { ok: false, message: "Type a request, e.g. install docker by alice" };
  let user: string | undefined;
  const u = USER_RE.exec(text.replace(/["']/g, ""));
  if (u) {
    user = u[1]!;
    text = text.replace(/["']/g, "").slice(0, u.index);
  }
  const lower = text.toLowerCase().replace(/["']/g, "");
  const words = lower.split(/[\s,]+/).filter(Boolean);

  let action: Action | undefined;
  let verbIndex = -1;
  for (const [re, a] of PHRASES) {
    if (re.test(lower)) {
      action = a;
      break;
    }
  }
  if (!action) {
    verbIndex = words.findIndex((w) => VERBS[w] !== undefined || w === "shut");
    if (verbIndex >= 0) action = words[verbIndex] === "shut" ? "shutdown_system" : VERBS[words[verbIndex]!];
  }
  if (!action) {
    return {
      ok: false,
      message: `No known verb in "${input.trim()}": try install, remove, enable, restart, delete, upgrade, reboot, chmod…`,
    };
  }

  const objects = verbIndex >= 0 ? words.slice(verbIndex + 1).filter((w) => !FILLER.has(w) && !w.startsWith("-")) : [];
  const request: DecisionRequest & { action: Action } = { action };
  if (action === "install_package" || action === "remove_package") {
    if (objects.length) request.packages = objects;
  } else if (action === "enable_service" || action === "disable_service" || action === "restart_service") {
    if (objects.length) request.services = objects;
  }
  if (user) request.user = user;
  const parts: string[] = [action];
  if (request.packages) parts.push(`packages ${request.packages.join(", ")}`);
  if (request.services) parts.push(`services ${request.services.join(", ")}`);
  if (user) parts.push(`user ${user}`);
  return { ok: true, request, understood: parts.join(" · ") };
}

import { z } from "zod";

/** Every operation ask-nix can ask permission for. The order is the order shown in the console. */
export const ACTIONS = [
  "install_package",
  "remove_package",
  "enable_service",
  "disable_service",
  "restart_service",
  "show_info",
  "delete_files",
  "format_disk",
  "shutdown_system",
  "modify_firewall",
  "add_user",
  "change_permissions",
  "system_upgrade",
  "kernel_modification",
  "user_management",
] as const;
export type Action = (typeof ACTIONS)[number];

export const ZAction = z.enum(ACTIONS);

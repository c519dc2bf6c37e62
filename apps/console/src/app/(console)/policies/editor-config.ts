import "server-only";
import { ACTIONS, defaultPolicy } from "@luminous/policy";
import type { EditorConfig } from "@/components/policies/policy-form";
import { LOCKABLE_PATHS } from "@/server/policies/lockable-paths";

/** Computed on the server: the policy package carries node:crypto and stays out of the browser bundle. */
export function editorConfig(): EditorConfig {
  return { actions: [...ACTIONS], lockable: LOCKABLE_PATHS, defaults: defaultPolicy() };
}

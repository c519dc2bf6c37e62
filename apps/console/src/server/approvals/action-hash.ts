import { createHash } from "node:crypto";
import { canonicalize } from "@luminous/crypto";

/**
 * What an approval is valid for: this device, this workstation user, this action on these
 * packages / services, this command. Order of packages and services does not matter.
 */
export function approvalActionHash(a: {
  deviceId: string;
  user: string;
  action: string;
  packages: readonly string[];
  services: readonly string[];
  command?: string | null;
}): string {
  const canonical = canonicalize({
    deviceId: a.deviceId,
    user: a.user,
    action: a.action,
    packages: [...a.packages].sort(),
    services: [...a.services].sort(),
    command: a.command ?? "",
  });
  return createHash("sha256").update(canonical).digest("hex");
}

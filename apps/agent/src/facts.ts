import { readFileSync } from "node:fs";
import os from "node:os";
import { AGENT_VERSION } from "./version";

function readFirst(paths: string[]): string {
  for (const p of paths) {
    try {
      const v = readFileSync(p, "utf8").trim();
      if (v) return v;
    } catch {
      // try the next one
    }
  }
  return "";
}

function osRelease(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFirst(["/etc/os-release", "/usr/lib/os-release"]).split("\n")) {
    const m = /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim());
    if (m) out[m[1]!] = m[3]!;
  }
  return out;
}

/** What the console shows about this workstation. */
export function hostFacts() {
  const rel = osRelease();
  const nixos = rel.ID === "nixos" ? rel.VERSION_ID || rel.VERSION || "" : "";
  return {
    hostname: os.hostname() || "unknown",
    machineId: readFirst(["/etc/machine-id", "/var/lib/dbus/machine-id"]) || `host:${os.hostname()}`,
    os: rel.NAME || os.type(),
    osVersion: rel.VERSION_ID || os.release(),
    nixosVersion: nixos || readFirst(["/run/current-system/nixos-version"]),
    agentVersion: AGENT_VERSION,
  };
}

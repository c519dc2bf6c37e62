import { qs } from "@/lib/api";

/** Where a figure leads: the audit log filtered to the events behind it, or the devices list filtered. */
export interface TLinks {
  audit: ((f: Record<string, string>) => string) | null;
  devices: ((f: Record<string, string>) => string) | null;
}

export function linksFor(can: { audit: boolean; devices: boolean }, period: { from: string; to: string }): TLinks {
  return {
    audit: can.audit ? (f) => `/audit${qs({ ...f, from: period.from, to: period.to })}` : null,
    devices: can.devices ? (f) => `/devices${qs(f)}` : null,
  };
}

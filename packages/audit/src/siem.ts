import { canonicalize } from "@luminous/crypto";
import type { TEventInput } from "./schema";

/**
 * An agent event (chained or not) or a console admin event, whose type is free-form
 * ("admin.user.create"), as it is forwarded. `id` is the stored event's id: every format carries
 * it, so a receiver can drop the duplicates that at-least-once delivery may send.
 */
export type SiemEvent = Omit<TEventInput, "type"> & {
  type: string;
  id?: string;
  /** "admin" | "agent" | "integrity" (AuditEvent.category) */
  category?: string;
  /** The stored outcome (success, failure, denied, allow, deny, require_approval, require_mfa). */
  outcome?: string;
  /** Who or what was acted on, for admin events ("user alice@example.com"). */
  target?: string;
  seq?: number;
  prevHash?: string;
  hash?: string;
};

export interface SiemMeta {
  vendor: "Luminous";
  product: "Luminous Console";
  version: string;
  /** The console host that emits the record (syslog HOSTNAME). */
  hostname: string;
  /** The workstation the event came from, when there is one. */
  deviceName?: string;
}

/** 0-10 (CEF scale): tampering and refused bundles first, then denials, failures, approvals. */
export function siemSeverity(e: SiemEvent): number {
  if (e.type.startsWith("integrity_")) return 9;
  if (e.type === "bundle_rejected") return 8;
  if (e.decision?.decision === "deny" || e.outcome === "deny" || e.outcome === "denied") return 7;
  if (
    e.type === "errors_encountered" ||
    e.type === "rollback_performed" ||
    e.execution?.success === false ||
    e.outcome === "failure"
  )
    return 5;
  if (e.decision?.decision === "require_approval" || e.decision?.decision === "require_mfa") return 4;
  if (!e.type.includes("_")) return 3; // console admin / auth events
  return 2;
}

function title(e: SiemEvent): string {
  const base = e.type.includes("_") ? e.type.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : e.type;
  return e.decision ? `${base}: ${e.decision.decision}` : base;
}

function outcomeOf(e: SiemEvent): string | undefined {
  if (e.outcome) return e.outcome;
  return e.execution ? (e.execution.success ? "success" : "failure") : undefined;
}

/** Ordered key/value pairs shared by CEF and LEEF; undefined values are dropped. */
function fields(e: SiemEvent, labelled: boolean): [string, string | number | undefined][] {
  const custom = (n: string, label: string, value: string | undefined): [string, string | undefined][] =>
    labelled
      ? [
          [`${n}Label`, value === undefined ? undefined : label],
          [n, value],
        ]
      : [[label, value]];
  return [
    ["externalId", e.id],
    ["cat", e.category],
    ["suser", e.user],
    ["src", e.ip],
    ["act", e.decision?.decision ?? e.intent?.action],
    ["outcome", outcomeOf(e)],
    ["reason", e.decision?.reason],
    ["msg", e.error],
    ...custom("cs1", "command", e.command),
    ...custom("cs2", "sessionId", e.sessionId),
    ...custom("cs3", "rule", e.decision?.rule),
    ...custom("cs4", "packages", e.intent?.packages?.join(",")),
    ...custom("cs5", "eventHash", e.hash),
    ...custom("cs6", "target", e.target),
    ...custom("cn1", "seq", e.seq === undefined ? undefined : String(e.seq)),
    ...custom("cn2", "durationMs", e.execution === undefined ? undefined : String(e.execution.duration_ms)),
  ];
}

/** CEF and LEEF header fields: `\` and `|` escaped; a line break would end the record, so it becomes a space. */
const cefHeader = (s: string) => s.replace(/[\\|]/g, "\\$&").replace(/[\r\n]+/g, " ");
/** CEF extension values: `\` and `=` escaped, CR and LF as \r and \n (the only escapes CEF defines). */
const cefValue = (s: string) => s.replace(/[\\=]/g, "\\$&").replace(/\r/g, "\\r").replace(/\n/g, "\\n");
/**
 * LEEF attribute values: the receiver splits attributes at the delimiter (tab here) and a pair at
 * its first `=`, so a value may hold `=` as it is; the delimiter and line breaks are written as
 * \t, \r and \n, and `\` itself is doubled so those escapes cannot be forged.
 */
const leefValue = (s: string) =>
  s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\r/g, "\\r").replace(/\n/g, "\\n");

/**
 * ArcSight CEF:0. Header: `\` and `|` escaped, line breaks flattened; extension values: `\`, `=`,
 * CR and LF escaped (a tab stays literal: receivers split the extension on ` key=`).
 */
export function toCEF(event: SiemEvent, meta: SiemMeta): string {
  const header = [meta.vendor, meta.product, meta.version, event.type, title(event), String(siemSeverity(event))];
  const ext: [string, string | number | undefined][] = [
    ["rt", Date.parse(event.ts)],
    ["dvchost", meta.deviceName ?? meta.hostname],
    ...fields(event, true),
  ];
  const extension = ext
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined && !Number.isNaN(kv[1]))
    .map(([k, v]) => `${k}=${cefValue(String(v))}`)
    .join(" ");
  return `CEF:0|${header.map(cefHeader).join("|")}|${extension}`;
}

const LEEF_LABELS: Record<string, string> = { suser: "usrName", act: "action", externalId: "eventId" };

/**
 * IBM LEEF:2.0. Header: Vendor|Product|Version|EventID|DelimiterCharacter, with `\` and `|`
 * escaped; the delimiter is a tab, declared in its hex form `x09`; values as leefValue.
 */
export function toLEEF(event: SiemEvent, meta: SiemMeta): string {
  const header = [meta.vendor, meta.product, meta.version, event.type];
  const attrs: [string, string | number | undefined][] = [
    ["devTime", Number.isFinite(Date.parse(event.ts)) ? new Date(Date.parse(event.ts)).toISOString() : undefined],
    ["devTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX"],
    ["sev", Math.max(1, siemSeverity(event))],
    ["identHostName", meta.deviceName],
    ...fields(event, false).map(([k, v]): [string, string | number | undefined] => [LEEF_LABELS[k] ?? k, v]),
  ];
  const body = attrs
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => `${k}=${leefValue(String(v))}`)
    .join("\t");
  return `LEEF:2.0|${header.map(cefHeader).join("|")}|x09|${body}`;
}

/** PRINTUSASCII only, as RFC 5424 requires of header fields; NILVALUE when nothing is left. */
function printable(s: string | undefined, max: number): string {
  const clean = (s ?? "").replace(/[^\x21-\x7e]/g, "").slice(0, max);
  return clean === "" ? "-" : clean;
}

/** RFC 5424 PARAM-VALUE: `"`, `\` and `]` are the three characters that must be escaped. */
const sdValue = (s: string) => s.replace(/["\\\]]/g, "\\$&");

/** JSON with every non-ASCII character escaped, so MSG is plain ASCII and needs no BOM. */
const asciiJson = (value: unknown) =>
  canonicalize(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const SYSLOG_FACILITY_LOG_AUDIT = 13;
/** SD-ID of the event's identity; 32473 is the private enterprise number RFC 5612 sets aside for examples. */
export const SIEM_SD_ID = "luminous@32473";

function syslogSeverity(sev: number): number {
  if (sev >= 9) return 2; // critical
  if (sev >= 7) return 3; // error
  if (sev >= 5) return 4; // warning
  if (sev >= 3) return 5; // notice
  return 6; // informational
}

/**
 * An RFC 5424 record around `msg`: facility "log audit", severity mapped from the event,
 * `origin` and `luminous@32473` (event id, category, outcome) structured data.
 */
export function syslogRecord(event: SiemEvent, meta: SiemMeta, msg: string): string {
  const pri = SYSLOG_FACILITY_LOG_AUDIT * 8 + syslogSeverity(siemSeverity(event));
  const t = Date.parse(event.ts);
  const timestamp = Number.isFinite(t) ? new Date(t).toISOString() : "-";
  const pairs: [string, string | undefined][] = [
    ["eventId", event.id],
    ["category", event.category],
    ["outcome", outcomeOf(event)],
  ];
  const params = pairs
    .filter((kv): kv is [string, string] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${sdValue(v)}"`)
    .join("");
  const sd =
    `[origin software="${sdValue(meta.product)}" swVersion="${sdValue(meta.version)}"]` +
    (params ? `[${SIEM_SD_ID}${params}]` : "");
  return `<${pri}>1 ${timestamp} ${printable(meta.hostname, 255)} luminous-console - ${printable(event.type, 32)} ${sd} ${msg}`;
}

/** RFC 5424 line with the event as canonical JSON (ASCII) in MSG. */
export function toSyslog5424(event: SiemEvent, meta: SiemMeta): string {
  return syslogRecord(event, meta, asciiJson(toSiemJson(event, meta)));
}

/** The event as a JSON object (5424 MSG, Splunk HEC `event`, webhooks). */
export function toSiemJson(event: SiemEvent, meta: SiemMeta): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event, severity: siemSeverity(event) };
  if (meta.deviceName !== undefined) out.deviceName = meta.deviceName;
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

export type SiemFormat = "cef" | "leef" | "rfc5424";

/** One syslog record in the chosen format: CEF and LEEF travel as the MSG of an RFC 5424 record. */
export function toSyslog(event: SiemEvent, meta: SiemMeta, format: SiemFormat): string {
  if (format === "cef") return syslogRecord(event, meta, toCEF(event, meta));
  if (format === "leef") return syslogRecord(event, meta, toLEEF(event, meta));
  return toSyslog5424(event, meta);
}

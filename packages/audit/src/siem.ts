import { canonicalize } from "@luminous/crypto";
import type { TEventInput } from "./schema";

/** An agent event (chained or not) or a console admin event, whose type is free-form ("admin.user.create"). */
export type SiemEvent = Omit<TEventInput, "type"> & {
  type: string;
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
function severity(e: SiemEvent): number {
  if (e.type === "integrity_gap" || e.type === "integrity_chain_break") return 9;
  if (e.type === "bundle_rejected") return 8;
  if (e.decision?.decision === "deny") return 7;
  if (e.type === "errors_encountered" || e.type === "rollback_performed" || e.execution?.success === false) return 5;
  if (e.decision?.decision === "require_approval" || e.decision?.decision === "require_mfa") return 4;
  if (!e.type.includes("_")) return 3; // console admin / auth events
  return 2;
}

function title(e: SiemEvent): string {
  const base = e.type.includes("_") ? e.type.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()) : e.type;
  return e.decision ? `${base}: ${e.decision.decision}` : base;
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
    ["suser", e.user],
    ["src", e.ip],
    ["act", e.decision?.decision ?? e.intent?.action],
    ["outcome", e.execution ? (e.execution.success ? "success" : "failure") : undefined],
    ["reason", e.decision?.reason],
    ["msg", e.error],
    ...custom("cs1", "command", e.command),
    ...custom("cs2", "sessionId", e.sessionId),
    ...custom("cs3", "rule", e.decision?.rule),
    ...custom("cs4", "packages", e.intent?.packages?.join(",")),
    ...custom("cs5", "eventHash", e.hash),
    ...custom("cn1", "seq", e.seq === undefined ? undefined : String(e.seq)),
    ...custom("cn2", "durationMs", e.execution === undefined ? undefined : String(e.execution.duration_ms)),
  ];
}

const cefHeader = (s: string) => s.replace(/[\\|]/g, "\\$&").replace(/[\r\n]+/g, " ");
const cefValue = (s: string) => s.replace(/[\\=]/g, "\\$&").replace(/\r/g, "\\r").replace(/\n/g, "\\n");
/** LEEF has no escape table of its own; receivers accept CEF's, and the tab must go because it delimits. */
const leefValue = (s: string) => cefValue(s).replace(/\t/g, "\\t");

/**
 * ArcSight CEF:0. Header: `\` and `|` escaped, line breaks flattened; extension values: `\`, `=`,
 * CR and LF escaped (a tab stays literal: receivers split the extension on ` key=`).
 */
export function toCEF(event: SiemEvent, meta: SiemMeta): string {
  const header = [meta.vendor, meta.product, meta.version, event.type, title(event), String(severity(event))];
  const ext: [string, string | number | undefined][] = [
    ["rt", Date.parse(event.ts)],
    ["dvchost", meta.deviceName ?? meta.hostname],
    ...fields(event, true),
  ];
  const extension = ext
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => `${k}=${cefValue(String(v))}`)
    .join(" ");
  return `CEF:0|${header.map(cefHeader).join("|")}|${extension}`;
}

const LEEF_LABELS: Record<string, string> = { suser: "usrName", act: "action" };

/** IBM LEEF:1.0, tab-delimited. Header: `\` and `|` escaped; values: `\`, `=`, tab, CR and LF escaped. */
export function toLEEF(event: SiemEvent, meta: SiemMeta): string {
  const header = [meta.vendor, meta.product, meta.version, event.type];
  const attrs: [string, string | number | undefined][] = [
    ["cat", event.type],
    ["devTime", new Date(Date.parse(event.ts)).toISOString()],
    ["devTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX"],
    ["sev", Math.max(1, severity(event))],
    ["identHostName", meta.deviceName],
    ...fields(event, false).map(([k, v]): [string, string | number | undefined] => [LEEF_LABELS[k] ?? k, v]),
  ];
  const body = attrs
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => `${k}=${leefValue(String(v))}`)
    .join("\t");
  return `LEEF:1.0|${header.map(cefHeader).join("|")}|${body}`;
}

/** PRINTUSASCII only, as RFC 5424 requires of header fields; NILVALUE when nothing is left. */
function printable(s: string | undefined, max: number): string {
  const clean = (s ?? "").replace(/[^\x21-\x7e]/g, "").slice(0, max);
  return clean === "" ? "-" : clean;
}

const sdValue = (s: string) => s.replace(/["\\\]]/g, "\\$&");

/** JSON with every non-ASCII character escaped, so MSG is plain ASCII and needs no BOM. */
const asciiJson = (value: unknown) =>
  canonicalize(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

const SYSLOG_FACILITY_LOG_AUDIT = 13;

function syslogSeverity(sev: number): number {
  if (sev >= 9) return 2; // critical
  if (sev >= 7) return 3; // error
  if (sev >= 5) return 4; // warning
  if (sev >= 3) return 5; // notice
  return 6; // informational
}

/** RFC 5424 line: facility "log audit", `origin` structured data, the event as canonical JSON in MSG. */
export function toSyslog5424(event: SiemEvent, meta: SiemMeta): string {
  const pri = SYSLOG_FACILITY_LOG_AUDIT * 8 + syslogSeverity(severity(event));
  const t = Date.parse(event.ts);
  const timestamp = Number.isFinite(t) ? new Date(t).toISOString() : "-";
  const sd = `[origin software="${sdValue(meta.product)}" swVersion="${sdValue(meta.version)}"]`;
  const msg = asciiJson(meta.deviceName === undefined ? event : { ...event, deviceName: meta.deviceName });
  return `<${pri}>1 ${timestamp} ${printable(meta.hostname, 255)} luminous-console - ${printable(event.type, 32)} ${sd} ${msg}`;
}

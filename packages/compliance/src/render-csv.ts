import type { ComplianceReport } from "./report";

/** RFC 4180 quoting, and a leading quote on values a spreadsheet would run as a formula. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const HEADER = [
  "framework",
  "control",
  "legacy_refs",
  "title",
  "status",
  "owner",
  "population",
  "population_label",
  "exceptions",
  "numbers",
  "exception",
  "exception_subject",
  "exception_events",
  "period_from",
  "period_to",
  "method",
];

/**
 * One row per exception (a control without exceptions gets one row with the exception columns
 * empty), so a spreadsheet filter on `status` or `control` shows everything behind it.
 */
export function renderCsv(r: ComplianceReport): string {
  const lines = [HEADER.join(",")];
  for (const c of r.controls) {
    const base = [
      r.framework,
      c.ref,
      c.legacyRefs.join(" "),
      c.title,
      c.status,
      c.owner,
      c.population,
      c.populationLabel,
      c.exceptionCount,
      Object.entries(c.numbers)
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    ];
    const tail = [r.period.from, r.period.to, c.method];
    const rows = c.exceptions.length ? c.exceptions : [null];
    for (const x of rows) {
      const exc = x ? [x.summary, `${x.subject.type}:${x.subject.id}`, x.eventIds.join(" ")] : ["", "", ""];
      lines.push([...base, ...exc, ...tail].map(cell).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** The report as JSON (stable key order as built, two-space indented). */
export function renderJson(r: ComplianceReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

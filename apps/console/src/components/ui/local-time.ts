/** Date and time as a person types them in their own timezone ("YYYY-MM-DD HH:mm") <-> ISO 8601 UTC. */
const pad = (n: number) => String(n).padStart(2, "0");

export function toLocalText(iso: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local date (time optional, "T" or a space between): the Date, or null when it is no real date. */
export function parseLocalText(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!);
  const same = date.getFullYear() === y && date.getMonth() === mo! - 1 && date.getDate() === d && date.getHours() === h;
  return same && mi! < 60 ? date : null;
}

export const LOCAL_FORMAT_HINT = "YYYY-MM-DD HH:mm, e.g. 2026-03-01 09:30";

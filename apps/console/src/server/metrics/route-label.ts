/**
 * The route label of a request path: ids become placeholders, so one route is one series. An
 * unauthenticated caller can still invent paths under a dynamic route, so the number of distinct
 * labels is capped and the rest are counted as "other".
 */
const MAX_LABELS = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const seen = new Set<string>();

export function routeLabel(pathname: string): string {
  const parts = pathname.split("/").slice(0, 8);
  const label = parts
    .map((p) => {
      if (p === "") return p;
      if (UUID.test(p)) return ":id";
      if (/^\d+$/.test(p)) return ":n";
      if (!/^[a-z][a-z0-9.-]{0,39}$/.test(p)) return ":param";
      return p;
    })
    .join("/");
  if (seen.has(label)) return label;
  if (seen.size >= MAX_LABELS) return "other";
  seen.add(label);
  return label;
}

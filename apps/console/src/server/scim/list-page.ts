import { listResponse } from "./present";
import type { TListQuery } from "./schemas";

export const MAX_PAGE = 200;

/**
 * One page of a SCIM list (RFC 7644 section 3.4.2.4): `startIndex` is 1-based (below 1 reads as
 * 1), `count` is capped at MAX_PAGE and 0 asks only for totalResults.
 */
export async function listPage<R>(
  q: TListQuery,
  total: () => Promise<number>,
  rows: (page: { skip: number; take: number }) => Promise<R[]>,
  present: (row: R) => unknown,
) {
  const startIndex = Math.max(1, q.startIndex);
  const take = Math.min(MAX_PAGE, Math.max(0, q.count));
  const [n, page] = await Promise.all([
    total(),
    take === 0 ? Promise.resolve([]) : rows({ skip: startIndex - 1, take }),
  ]);
  return listResponse(page.map(present), n, startIndex);
}

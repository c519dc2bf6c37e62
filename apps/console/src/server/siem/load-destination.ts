import type { SiemDestination } from "@luminous/db";
import type { Tx } from "../db";
import { notFound } from "../http/errors";
import { isUuid } from "../policies/load-policy";

/** The org's destination, locked for the rest of the transaction, or 404. */
export async function loadDestinationForUpdate(tx: Tx, orgId: string, id: string): Promise<SiemDestination> {
  if (!isUuid(id)) throw notFound("SIEM destination");
  const [d] = await tx.$queryRaw<SiemDestination[]>`
    SELECT * FROM "SiemDestination" WHERE "id" = ${id}::uuid AND "orgId" = ${orgId}::uuid FOR UPDATE`;
  if (!d) throw notFound("SIEM destination");
  return d;
}

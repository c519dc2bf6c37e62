import type { Tx } from "../db";
import type { Ctx } from "../http/guard";
import { notifyOwners } from "../notices/notify-owners";

/** Every owner hears of a change to how people sign in, in the same transaction as the change. */
export async function tellOwnersAboutSignIn(
  tx: Tx,
  ctx: Ctx,
  notice: { kind: string; title: string; body: string; link?: string },
): Promise<void> {
  await notifyOwners(tx, ctx.orgId, {
    ...notice,
    body: `${notice.body} Audit log: request ${ctx.requestId}.`,
  });
}

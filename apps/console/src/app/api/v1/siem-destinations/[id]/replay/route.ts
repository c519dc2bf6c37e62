import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { replaySiemDestination } from "@/server/siem/replay-destination";
import { ZReplaySiemDestination } from "@/server/siem/schemas";

export const POST = withPermission("settings.update", async (ctx, req, p) =>
  replaySiemDestination(ctx, p.id!, await parseBody(req, ZReplaySiemDestination)),
);

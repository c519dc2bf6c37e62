import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { createSiemDestination } from "@/server/siem/create-destination";
import { listSiemDestinations } from "@/server/siem/list-destinations";
import { ZCreateSiemDestination } from "@/server/siem/schemas";

export const GET = withPermission("settings.read", (ctx) => listSiemDestinations(ctx));

export const POST = withPermission("settings.update", async (ctx, req) =>
  Response.json(await createSiemDestination(ctx, await parseBody(req, ZCreateSiemDestination)), { status: 201 }),
);

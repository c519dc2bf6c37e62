import { withPermission } from "@/server/http/guard";
import { parseBody } from "@/server/http/respond";
import { deleteSiemDestination } from "@/server/siem/delete-destination";
import { getSiemDestination } from "@/server/siem/list-destinations";
import { ZUpdateSiemDestination } from "@/server/siem/schemas";
import { updateSiemDestination } from "@/server/siem/update-destination";

export const GET = withPermission("settings.read", (ctx, _req, p) => getSiemDestination(ctx, p.id!));

export const PATCH = withPermission("settings.update", async (ctx, req, p) =>
  updateSiemDestination(ctx, p.id!, await parseBody(req, ZUpdateSiemDestination)),
);

export const DELETE = withPermission("settings.update", (ctx, _req, p) => deleteSiemDestination(ctx, p.id!));

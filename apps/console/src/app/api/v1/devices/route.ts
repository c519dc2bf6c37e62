import { listDevices } from "@/server/devices/list-devices";
import { ZListDevices } from "@/server/devices/schemas";
import { withPermission } from "@/server/http/guard";
import { parseQuery } from "@/server/http/respond";

export const GET = withPermission("device.read", (ctx, req) => listDevices(ctx, parseQuery(req, ZListDevices)));

import { getDevice } from "@/server/devices/get-device";
import { withPermission } from "@/server/http/guard";

export const GET = withPermission("device.read", (ctx, _req, p) => getDevice(ctx, p.id!));

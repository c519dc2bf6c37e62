import { revokeDeviceById } from "@/server/devices/get-device";
import { withPermission } from "@/server/http/guard";

export const POST = withPermission("device.revoke", (ctx, _req, p) => revokeDeviceById(ctx, p.id!));

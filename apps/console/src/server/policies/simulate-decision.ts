import { type DecisionRequest, decide, policyHash } from "@luminous/policy";
import { db } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";
import { AppError, notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { parseRequestText } from "./parse-request";
import type { TSimulate } from "./schemas";

/** Stands in for "no device" when compiling a group's or the org's policy: matches no device assignment. */
const NO_DEVICE = "00000000-0000-0000-0000-000000000000";

/** What a device (or any device of a group, or the org baseline) would answer, from its effective policy. */
export async function resolveTarget(ctx: Ctx, target: TSimulate["target"]) {
  if (target.type === "device") {
    const d = await db().device.findFirst({
      where: { id: target.id, orgId: ctx.orgId },
      select: { id: true, hostname: true, groupId: true },
    });
    if (!d) throw notFound("Device");
    return { type: "device" as const, id: d.id, label: d.hostname, device: { id: d.id, groupId: d.groupId } };
  }
  if (target.type === "group") {
    const g = await db().group.findFirst({
      where: { id: target.id, orgId: ctx.orgId },
      select: { id: true, name: true },
    });
    if (!g) throw notFound("Group");
    return { type: "group" as const, id: g.id, label: g.name, device: { id: NO_DEVICE, groupId: g.id } };
  }
  return { type: "org" as const, id: null, label: "Organisation baseline", device: { id: NO_DEVICE, groupId: null } };
}

export async function simulateDecision(ctx: Ctx, input: TSimulate) {
  let request: DecisionRequest;
  let understood: string | null = null;
  if (input.action) {
    request = { action: input.action };
  } else {
    const parsed = parseRequestText(input.text ?? "");
    if (!parsed.ok)
      throw new AppError("validation", parsed.message, { fields: [{ path: "text", message: parsed.message }] });
    request = parsed.request;
    understood = parsed.understood;
  }
  if (input.packages?.length) request.packages = input.packages;
  if (input.services?.length) request.services = input.services;
  if (input.user) request.user = input.user;

  const target = await resolveTarget(ctx, input.target);
  const compiled = await compileDevicePolicy(ctx.orgId, target.device);
  const decision = decide(compiled.policy, request);
  return {
    ...decision,
    request,
    understood,
    target: { type: target.type, id: target.id, label: target.label },
    sources: compiled.sources,
    locked: compiled.locked,
    rejected: compiled.rejected,
    policyHash: policyHash(compiled.policy),
  };
}
export type TSimulation = Awaited<ReturnType<typeof simulateDecision>>;

import { unknownApiRoute } from "@/server/http/unknown-route";

/** Every /api path no handler answers: a JSON 404 in the API's error shape, whatever the method. */
export const GET = unknownApiRoute;
export const HEAD = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
export const OPTIONS = unknownApiRoute;

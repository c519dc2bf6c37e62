import { createPrisma, type PrismaClient } from "@luminous/db";
import { env } from "./env";

const g = globalThis as unknown as { __luminousPrisma?: PrismaClient; __luminousPrismaUrl?: string };

/** The process-wide Prisma client (kept on globalThis so dev hot reload does not leak pools). */
export function db(): PrismaClient {
  const url = env().DATABASE_URL;
  if (!g.__luminousPrisma || g.__luminousPrismaUrl !== url) {
    g.__luminousPrisma = createPrisma(url);
    g.__luminousPrismaUrl = url;
  }
  return g.__luminousPrisma;
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

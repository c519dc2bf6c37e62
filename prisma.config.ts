import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { catalogTypesPool, wholeScripts } from "./prisma/catalog-types-pool";

// The CLI uses the WebAssembly schema engine through a pg driver adapter, so migrate and
// generate need nothing but the npm registry (no engine binary download).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx apps/console/scripts/seed-demo.ts" },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    return wholeScripts(new PrismaPg(catalogTypesPool(url)));
  },
});

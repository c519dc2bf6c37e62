import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: [
    "@luminous/policy",
    "@luminous/audit",
    "@luminous/compliance",
    "@luminous/crypto",
    "@luminous/db",
    "@luminous/json-limits",
  ],
  // @simplewebauthn/server: bundled, its `import "reflect-metadata"` was dropped as side-effect free and
  // tsyringe (under @peculiar/x509) failed at load; Node loads it as published.
  serverExternalPackages: ["pg", "pg-copy-streams", "@prisma/adapter-pg", "pdfkit", "@simplewebauthn/server"],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;

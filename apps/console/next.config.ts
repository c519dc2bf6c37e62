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
  serverExternalPackages: ["pg", "pg-copy-streams", "@prisma/adapter-pg", "pdfkit"],
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

import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: "Luminous Console",
  description: "Policy, devices and audit for Luminous Nix",
};

/**
 * Rendered per request: Next.js puts the proxy's per-request CSP nonce on its scripts only when
 * the page is rendered for that request (a prerendered page would carry no nonce and not run).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

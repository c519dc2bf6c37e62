import type { Metadata } from "next";
import localFont from "next/font/local";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";

/** Inter, shipped with the app from its npm package (no font download at build or run time). */
const inter = localFont({
  src: "../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  display: "swap",
  variable: "--font-sans",
});

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
    <html lang="en" className={inter.variable}>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}

"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 5_000, retry: (n, e) => n < 2 && !(e as { status?: number }).status } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

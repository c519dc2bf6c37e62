"use client";
import type { ReactNode } from "react";
import { api, askForStepUp } from "@/lib/api";
import type { StepUpStatus } from "./step-up-host";

/**
 * Before a plain download (a link the browser fetches itself, so a refusal could not be retried):
 * when the org requires step-up and this session's is stale, prompt first. True when it may go on.
 */
export async function ensureFreshStepUp(what: string): Promise<boolean> {
  const s = await api<StepUpStatus>("/api/v1/me/step-up");
  if (!s.enabled || s.fresh) return true;
  return askForStepUp(
    `To ${what}, confirm with a fresh second factor: this organisation requires one within ${s.minutes} minutes for sensitive actions`,
  );
}

/** A download link that steps up first when needed. */
export function StepUpDownload({
  href,
  what,
  className,
  children,
}: {
  href: string;
  what: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <a
      className={className}
      href={href}
      download
      onClick={async (e) => {
        e.preventDefault();
        if (await ensureFreshStepUp(what)) window.location.assign(href);
      }}
    >
      {children}
    </a>
  );
}

"use client";
import { StatusPage } from "@/components/ui/status-page";

/** An error while rendering a console page: said in the frame, with a retry and a way back. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      title="Something went wrong"
      actions={
        <button type="button" onClick={reset}>
          Try again
        </button>
      }
    >
      <p>This page could not be shown. Trying again may help; if it keeps happening, give an admin this reference.</p>
      {error.digest && (
        <p>
          Reference: <code>{error.digest}</code>
        </p>
      )}
    </StatusPage>
  );
}

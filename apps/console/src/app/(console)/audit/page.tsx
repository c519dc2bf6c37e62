import { Suspense } from "react";
import { requirePage } from "@/lib/current-user";
import { AuditBrowser } from "./audit-browser";

export default async function AuditPage() {
  await requirePage("audit.read");
  return (
    <>
      <h1>Audit log</h1>
      <Suspense fallback={<div className="loading">Loading…</div>}>
        <AuditBrowser />
      </Suspense>
    </>
  );
}

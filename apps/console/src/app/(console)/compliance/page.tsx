import { Suspense } from "react";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";
import { CompliancePanel } from "./compliance-panel";

export default async function CompliancePage() {
  const user = await requirePage("compliance.read");
  return (
    <>
      <h1>Compliance</h1>
      <Suspense fallback={<div className="loading">Loading…</div>}>
        <CompliancePanel canExport={can(user.role, "compliance.export")} />
      </Suspense>
    </>
  );
}

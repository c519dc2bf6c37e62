import { PoliciesList } from "@/components/policies/policies-list";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Policies · Luminous Console" };

export default async function PoliciesPage() {
  const user = await requirePage("policy.read");
  return (
    <>
      <h1>Policies</h1>
      <p className="muted" style={{ marginTop: -8 }}>
        What ask-nix may do on each workstation. A device enforces the published versions of the policies assigned to
        the org, its group and itself, in that order.
      </p>
      <PoliciesList viewer={viewerOf(user)} />
    </>
  );
}

import { requirePage } from "@/lib/current-user";
import { IdpDetail } from "./idp-detail";

export const metadata = { title: "Identity provider · Luminous Console" };

export default async function IdentityProviderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("idp.manage");
  return <IdpDetail id={(await params).id} />;
}

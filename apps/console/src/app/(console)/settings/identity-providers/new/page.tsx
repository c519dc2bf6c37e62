import { requirePage } from "@/lib/current-user";
import { env } from "@/server/env";
import { BLANK, TYPE_LABELS } from "../../idp-defaults";
import { IdpForm } from "../../idp-form";

export const metadata = { title: "Add identity provider · Luminous Console" };

export default async function NewIdentityProviderPage({ searchParams }: { searchParams: Promise<{ type?: string }> }) {
  await requirePage("idp.manage");
  const t = (await searchParams).type;
  const type = t === "oidc" || t === "ldap" ? t : "saml";
  return (
    <>
      <h1>Add {TYPE_LABELS[type]} identity provider</h1>
      <section className="panel">
        <IdpForm initial={BLANK[type]} publicUrl={env().PUBLIC_URL} />
      </section>
    </>
  );
}

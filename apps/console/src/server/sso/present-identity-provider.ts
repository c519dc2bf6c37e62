import type { IdentityProvider, IdpGroupMapping } from "@luminous/db";
import { idpUrls } from "./idp-urls";

/** The IdP as the API and the UI see it: settings and whether a secret is set, never the secret. */
export function presentIdentityProvider(idp: IdentityProvider & { mappings?: IdpGroupMapping[] }) {
  const config = { ...(idp.config as Record<string, unknown>) };
  const base = {
    id: idp.id,
    type: idp.type,
    name: idp.name,
    slug: idp.slug,
    enabled: idp.enabled,
    hasSecret: Boolean(idp.secretEnc),
    config,
    createdAt: idp.createdAt.toISOString(),
    updatedAt: idp.updatedAt.toISOString(),
    mappingCount: idp.mappings?.length,
    signInUrl: `/signin?idp=${encodeURIComponent(idp.slug)}`,
    /** Who last set its trust settings; accounts above what that role may grant never sign in through it. */
    configuredByRole: idp.configuredByRole,
    configuredAt: idp.configuredAt?.toISOString() ?? null,
  };
  return { ...base, ...idpUrls(idp) };
}
export type TIdentityProviderView = ReturnType<typeof presentIdentityProvider>;

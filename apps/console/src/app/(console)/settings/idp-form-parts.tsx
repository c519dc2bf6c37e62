"use client";
import { SAML_PRESETS } from "@/server/sso/schemas";
import { oidcUrlsAt, samlUrlsAt } from "@/server/sso/sso-url-paths";
import { SetupValues } from "./setup-values";

/** While adding an IdP: the values to paste into the IdP, from the short name being typed. */
export function DraftSetupValues(props: { type: "saml" | "oidc" | "ldap"; publicUrl: string; slug: string }) {
  const key = /^[a-z0-9][a-z0-9-]{1,39}$/.test(props.slug) ? props.slug : "SHORT-NAME";
  if (props.type === "saml") return <SetupValues draft saml={samlUrlsAt(props.publicUrl, key)} />;
  if (props.type === "oidc") return <SetupValues draft oidc={oidcUrlsAt(props.publicUrl, key)} />;
  return null;
}

/** Fills the attribute names Okta or Entra ID send (Entra's groups claim carries object ids). */
export function SamlPresetPicker({ set }: { set: (name: string, v: unknown) => void }) {
  return (
    <fieldset className="fieldset">
      <legend>Attribute preset</legend>
      <div className="row">
        {Object.entries(SAML_PRESETS).map(([k, p]) => (
          <button
            key={k}
            type="button"
            onClick={() => {
              set("emailAttribute", p.emailAttribute);
              set("nameAttribute", p.nameAttribute);
              set("groupsAttribute", p.groupsAttribute);
            }}
          >
            Use {p.label} attributes
          </button>
        ))}
      </div>
      <p className="muted small">
        Entra ID sends group object ids (for example 5f8a…-…), not names: map those ids under Group mappings.
      </p>
    </fieldset>
  );
}

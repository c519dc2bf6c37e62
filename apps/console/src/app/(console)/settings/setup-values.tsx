"use client";
import { useState } from "react";
import type { TOidcUrls, TSamlUrls } from "@/server/sso/sso-url-paths";
import { SetupNotes } from "./setup-notes";

/** One value the admin pastes into the IdP, with a copy button named after it. */
function CopyValue({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-value">
      <dt>{label}</dt>
      <dd>
        <code className="mono" data-copy-value={label}>
          {value}
        </code>
        <button
          type="button"
          aria-label={`Copy ${label}`}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        {hint && <span className="muted small">{hint}</span>}
      </dd>
    </div>
  );
}

/**
 * Everything the admin pastes into the IdP for this console, and how (Okta, Entra ID). The values
 * depend only on PUBLIC_URL and the IdP's URL key, fixed when the IdP is added.
 */
export function SetupValues(props: { saml?: TSamlUrls; oidc?: TOidcUrls; draft?: boolean }) {
  return (
    <section className="panel" aria-labelledby="sp-heading">
      <h2 id="sp-heading">Give these to your identity provider</h2>
      {props.draft && (
        <p className="muted small">
          Built from the short name below; once the identity provider is added they never change, even if it is renamed.
        </p>
      )}
      {props.saml && (
        <dl className="copy-values">
          <CopyValue label="SP entity id (Audience URI)" value={props.saml.entityId} />
          <CopyValue label="ACS URL (Single sign-on URL, Reply URL)" value={props.saml.acsUrl} hint="HTTP-POST" />
          <CopyValue label="SP metadata URL" value={props.saml.metadataUrl} />
        </dl>
      )}
      {props.oidc && (
        <dl className="copy-values">
          <CopyValue label="Redirect URI (sign-in redirect URI)" value={props.oidc.redirectUri} />
          <CopyValue label="Initiate login URI" value={props.oidc.initiateLoginUri} hint="optional, for Okta tiles" />
        </dl>
      )}
      {props.saml && !props.draft && (
        <p>
          <a href={`${new URL(props.saml.metadataUrl).pathname}?download`} download>
            Download SP metadata
          </a>
        </p>
      )}
      <SetupNotes type={props.saml ? "saml" : "oidc"} />
    </section>
  );
}

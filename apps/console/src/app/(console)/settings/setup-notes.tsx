import { SAML_PRESETS } from "@/server/sso/schemas";

/** Step-by-step notes for the two IdPs most admins use, per protocol (docs/sso.md has the rest). */
export function SetupNotes({ type }: { type: "saml" | "oidc" }) {
  return type === "saml" ? (
    <>
      <details>
        <summary>Okta (SAML 2.0), step by step</summary>
        <ol>
          <li>Okta Admin Console → Applications → Create App Integration → SAML 2.0.</li>
          <li>Single sign-on URL: the ACS URL above; keep “Use this for Recipient URL and Destination URL” checked.</li>
          <li>Audience URI (SP Entity ID): the SP entity id above.</li>
          <li>Name ID format: EmailAddress; Application username: Email.</li>
          <li>Attribute statement: displayName = user.displayName.</li>
          <li>Group attribute statement: name groups, filter Matches regex .* (or narrower).</li>
          <li>
            Finish, then Sign On → Metadata URL: open it and paste the XML into “IdP metadata XML” below, with the Okta
            attribute preset.
          </li>
          <li>Assignments: assign the people or groups who may sign in.</li>
          <li>The Okta tile signs in IdP-initiated: turn on “Allow IdP-initiated sign-in” below to use it.</li>
        </ol>
      </details>
      <details>
        <summary>Microsoft Entra ID (SAML 2.0), step by step</summary>
        <ol>
          <li>Entra admin center → Enterprise applications → New application → Create your own (non-gallery).</li>
          <li>Single sign-on → SAML → Basic SAML Configuration: Identifier (Entity ID) = the SP entity id above.</li>
          <li>Reply URL (Assertion Consumer Service URL) = the ACS URL above.</li>
          <li>
            Attributes &amp; Claims → Add a group claim → Security groups, source attribute Group ID: Entra sends{" "}
            <code>{SAML_PRESETS.entra.groupsAttribute}</code> with group object ids; map those ids below.
          </li>
          <li>SAML Certificates → Federation Metadata XML: download it and paste it below, with the Entra preset.</li>
          <li>Users and groups: assign who may sign in.</li>
          <li>“Test this application” signs in IdP-initiated: turn on “Allow IdP-initiated sign-in” to use it.</li>
        </ol>
      </details>
    </>
  ) : (
    <>
      <details>
        <summary>Okta (OpenID Connect), step by step</summary>
        <ol>
          <li>Applications → Create App Integration → OIDC - OpenID Connect → Web Application.</li>
          <li>Sign-in redirect URIs: the redirect URI above. Grant type: Authorization Code.</li>
          <li>For a tile: Login initiated by Either Okta or App, Initiate login URI = the value above.</li>
          <li>Sign On → OpenID Connect ID Token → Groups claim: filter, name groups, Matches regex .*.</li>
          <li>Copy the Client ID and Client secret below; issuer https://YOUR-ORG.okta.com.</li>
          <li>Assignments: assign the people or groups who may sign in.</li>
        </ol>
      </details>
      <details>
        <summary>Microsoft Entra ID (OpenID Connect), step by step</summary>
        <ol>
          <li>App registrations → New registration; Redirect URI (Web): the redirect URI above.</li>
          <li>Certificates &amp; secrets → New client secret: copy its Value (not its id) below.</li>
          <li>Token configuration → Add groups claim → Security groups, ID token: Group ID (object ids).</li>
          <li>Issuer: https://login.microsoftonline.com/TENANT-ID/v2.0; Client id: the Application (client) ID.</li>
        </ol>
      </details>
    </>
  );
}

import Link from "next/link";
import { requirePage } from "@/lib/current-user";
import { can } from "@/server/auth/permissions";
import { IdentityProvidersList } from "./identity-providers-list";
import { ScimSettings } from "./scim-settings";
import { SsoSettingsForm } from "./sso-settings-form";
import { StepUpSettingsForm } from "./step-up-settings-form";

export const metadata = { title: "Settings · Luminous Console" };

export default async function SettingsPage() {
  const user = await requirePage("settings.read");
  const manageIdps = can(user.role, "idp.manage");
  return (
    <>
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="signin-settings">
        <h2 id="signin-settings">Sign-in</h2>
        <SsoSettingsForm canEdit={can(user.role, "settings.update")} />
      </section>
      <section className="panel" aria-labelledby="step-up-heading">
        <h2 id="step-up-heading">Step-up for sensitive actions</h2>
        <StepUpSettingsForm canEdit={can(user.role, "settings.update")} />
      </section>
      <section className="panel" aria-labelledby="notify-heading">
        <h2 id="notify-heading">Notifications</h2>
        <p className="muted">
          Email (the mail server for approval emails and invitations), signed webhooks and the delivery log.
        </p>
        <Link className="btn" href="/settings/notifications">
          Notification settings
        </Link>
      </section>
      <section className="panel" aria-labelledby="integrations-heading">
        <h2 id="integrations-heading">Integrations</h2>
        <p>
          <Link href="/settings/integrations">SIEM forwarding</Link>: syslog (CEF, LEEF, RFC 5424), Splunk HEC and
          signed webhooks, with delivery health.
        </p>
      </section>
      <section className="panel" aria-labelledby="idp-heading">
        <h2 id="idp-heading">Identity providers</h2>
        {manageIdps ? (
          <IdentityProvidersList />
        ) : (
          <p className="muted">Only owners and admins manage identity providers.</p>
        )}
      </section>
      {can(user.role, "scim.manage") && (
        <section className="panel" aria-labelledby="scim-heading">
          <h2 id="scim-heading">SCIM provisioning</h2>
          <ScimSettings canLink={can(user.role, "idp.configure")} />
        </section>
      )}
    </>
  );
}

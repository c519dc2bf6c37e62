// People known to the SAML and OIDC test identity providers (the LDAP directory has its own,
// in ldap/directory.ldif). Groups are what the IdP asserts; the console maps them to roles.
export const IDP_DOMAIN = "idp.example.test";
export const IDP_USERS = [
  {
    username: "ada",
    password: "ada-pass-1",
    email: `ada@${IDP_DOMAIN}`,
    name: "Ada Admin",
    groups: ["console-admins", "platform"],
  },
  {
    username: "hal",
    password: "hal-pass-1",
    email: `hal@${IDP_DOMAIN}`,
    name: "Hal Helpdesk",
    groups: ["helpdesk-team", "staff"],
  },
  { username: "vic", password: "vic-pass-1", email: `vic@${IDP_DOMAIN}`, name: "Vic Viewer", groups: ["staff"] },
  { username: "oli", password: "oli-pass-1", email: `oli@${IDP_DOMAIN}`, name: "Oli Oidc", groups: ["helpdesk-team"] },
  // Signs in from the IdP's tile in e2e/specs/sso-setup.spec.ts: an account of its own, so that spec and
  // sso.spec.ts (hal through another SAML IdP) never meet on one account.
  {
    username: "tia",
    password: "tia-pass-1",
    email: `tia@${IDP_DOMAIN}`,
    name: "Tia Tile",
    groups: ["helpdesk-team", "staff"],
  },
];

export function loginPage({ title, action, hidden, error }) {
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><title>${esc(title)}</title></head><body>
<h1>${esc(title)}</h1>${error ? `<p role="alert">${esc(error)}</p>` : ""}
<form method="post" action="${esc(action)}">
${Object.entries(hidden)
  .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v ?? "")}">`)
  .join("\n")}
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button>
</form></body></html>`;
}

export async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
}

export function checkUser(form, users = IDP_USERS) {
  return users.find((u) => u.username === form.username && u.password === form.password);
}

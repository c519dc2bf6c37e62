// The samlify IdP as an HTTP server a browser can use: SP-initiated Redirect-binding
// AuthnRequests, a login form, and a signed Response POSTed back to the SP's ACS. Like Okta, an
// admin creates an app by pasting the SP's values (/admin), and users start IdP-initiated sign-in
// from a tile on their dashboard (/home): an unsolicited Response, no InResponseTo.
import http from "node:http";
import zlib from "node:zlib";
import { freePort } from "../lib.mjs";
import { checkUser, IDP_USERS, loginPage, readForm } from "../users.mjs";
import { createSamlIdp, keyPair } from "./idp.mjs";

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const attr = (xml, name) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];

export async function startSamlIdpServer({ users = IDP_USERS, signing = keyPair("idp-a") } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = createSamlIdp({ entityId: `${base}/metadata`, signing });
  /** Apps an admin created: { name, entityId, acsUrl }. */
  const apps = [];
  const page = (title, body) =>
    `<!doctype html><html lang="en"><head><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
  const postTo = (acs, samlResponse, relayState) => `<!doctype html><html><body onload="document.forms[0].submit()">
<form method="post" action="${esc(acs)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"><input type="hidden" name="RelayState" value="${esc(relayState)}"><noscript><button>Continue</button></noscript></form></body></html>`;
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
      const html = (body) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(body);
      };
      if (req.method === "GET" && url.pathname === "/admin") {
        return html(
          page(
            "Create SAML app",
            `<form method="post" action="/admin/apps">
<label>App name <input name="name"></label>
<label>Single sign-on URL <input name="acsUrl"></label>
<label>Audience URI (SP Entity ID) <input name="entityId"></label>
<button type="submit">Save app</button></form>`,
          ),
        );
      }
      if (req.method === "POST" && url.pathname === "/admin/apps") {
        const form = await readForm(req);
        apps.push({ name: form.name || "App", entityId: form.entityId, acsUrl: form.acsUrl });
        return html(
          page(
            "App created",
            `<p>Identity Provider metadata: <a href="/metadata">${esc(`${base}/metadata`)}</a></p><p><a href="/home">Dashboard</a></p>`,
          ),
        );
      }
      if (req.method === "GET" && url.pathname === "/home") {
        const tiles = apps.map((a, i) => `<li><a href="/apps/${i}/tile">${esc(a.name)}</a></li>`).join("");
        return html(page("My apps", `<ul>${tiles}</ul>`));
      }
      const tile = /^\/apps\/(\d+)\/tile$/.exec(url.pathname);
      if (req.method === "GET" && tile && apps[Number(tile[1])]) {
        return html(loginPage({ title: "Test SAML IdP", action: "/apps/login", hidden: { app: tile[1] } }));
      }
      if (req.method === "POST" && url.pathname === "/apps/login") {
        const form = await readForm(req);
        const app = apps[Number(form.app)];
        const user = checkUser(form, users);
        if (!app || !user)
          return html(
            loginPage({
              title: "Test SAML IdP",
              action: "/apps/login",
              hidden: { app: form.app },
              error: "Wrong username or password",
            }),
          );
        const r = await idp.respond({ sp: { entityId: app.entityId, acsUrl: app.acsUrl }, user, sign: "assertion" });
        return html(postTo(app.acsUrl, r.samlResponse, ""));
      }
      if (req.method === "GET" && url.pathname === "/metadata") {
        res.writeHead(200, { "content-type": "application/samlmetadata+xml" });
        return res.end(idp.metadata(`${base}/sso`));
      }
      if (req.method === "GET" && url.pathname === "/sso") {
        const raw = zlib.inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest") ?? "", "base64")).toString();
        const issuer = /<(?:\w+:)?Issuer[^>]*>([^<]+)</.exec(raw)?.[1];
        const hidden = {
          requestId: attr(raw, "ID"),
          acs: attr(raw, "AssertionConsumerServiceURL"),
          sp: issuer,
          relayState: url.searchParams.get("RelayState") ?? "",
        };
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(loginPage({ title: "Test SAML IdP", action: "/sso/login", hidden }));
      }
      if (req.method === "POST" && url.pathname === "/sso/login") {
        const form = await readForm(req);
        const user = checkUser(form, users);
        if (!user) {
          res.writeHead(200, { "content-type": "text/html" });
          return res.end(
            loginPage({
              title: "Test SAML IdP",
              action: "/sso/login",
              hidden: form,
              error: "Wrong username or password",
            }),
          );
        }
        const r = await idp.respond({
          sp: { entityId: form.sp, acsUrl: form.acs },
          user,
          inResponseTo: form.requestId,
          sign: "assertion",
        });
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(`<!doctype html><html><body onload="document.forms[0].submit()">
<form method="post" action="${form.acs}"><input type="hidden" name="SAMLResponse" value="${r.samlResponse}"><input type="hidden" name="RelayState" value="${String(form.relayState).replace(/"/g, "&quot;")}"><noscript><button>Continue</button></noscript></form></body></html>`);
      }
      res.writeHead(404).end("not found");
    } catch (err) {
      res.writeHead(500).end(String(err?.message ?? err));
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: base,
    metadataUrl: `${base}/metadata`,
    metadata: () => idp.metadata(`${base}/sso`),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

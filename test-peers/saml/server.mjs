// The samlify IdP as an HTTP server a browser can use: SP-initiated Redirect-binding
// AuthnRequests, a login form, and a signed Response POSTed back to the SP's ACS.
import http from "node:http";
import zlib from "node:zlib";
import { freePort } from "../lib.mjs";
import { checkUser, IDP_USERS, loginPage, readForm } from "../users.mjs";
import { createSamlIdp, keyPair } from "./idp.mjs";

const attr = (xml, name) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];

export async function startSamlIdpServer({ users = IDP_USERS, signing = keyPair("idp-a") } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = createSamlIdp({ entityId: `${base}/metadata`, signing });
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
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

// A real OpenID Connect issuer for the console's tests: oidc-provider with discovery, JWKS,
// authorization code + PKCE, state and nonce, a login form of its own, and a `groups` claim
// in the ID token. Consent is implied (an enterprise IdP's admin already granted the app).
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "../lib.mjs";
import { checkUser, IDP_USERS, loginPage, readForm } from "../users.mjs";

const rsaJwk = () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: randomBytes(6).toString("hex"), use: "sig", alg: "RS256" };
};

/**
 * @param clients [{ clientId, clientSecret, redirectUris }]
 */
export async function startOidcProvider({ clients, users = IDP_USERS }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const byId = (id) => users.find((u) => u.username === id);
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [rsaJwk()] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile", "groups", "offline_access"],
    // iat and nbf pass through from an account's crafted `claims` (clock-skew tests); otherwise the
    // provider sets iat itself.
    claims: {
      openid: ["sub", "iat", "nbf"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const u = byId(id);
      if (!u) return undefined;
      return {
        accountId: id,
        // A user's `claims` override what the IdP says (a key set to undefined is left out), so a
        // test can craft ID tokens: email_verified missing or "false", iat a day ahead...
        claims: async () =>
          JSON.parse(
            JSON.stringify({
              sub: id,
              email: u.email,
              email_verified: true,
              name: u.name,
              groups: u.groups,
              ...u.claims,
            }),
          ),
      };
    },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile groups");
      grant.addOIDCClaims(["email", "email_verified", "name", "groups"]);
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url.split("?")[0]);
    if (!m) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(loginPage({ title: "Test OIDC IdP", action: `/interaction/${details.uid}/login`, hidden: {} }));
      }
      const form = await readForm(req);
      const u = checkUser(form, users);
      if (!u) {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(
          loginPage({
            title: "Test OIDC IdP",
            action: `/interaction/${details.uid}/login`,
            hidden: {},
            error: "Wrong username or password",
          }),
        );
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: u.username } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      res.writeHead(500).end(String(err?.message ?? err));
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

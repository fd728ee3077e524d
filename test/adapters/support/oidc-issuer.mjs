/**
 * A real OpenID Connect issuer (the `oidc-provider` package) for the token verifier's tests, run
 * as its own process because the package is ESM-only and jest runs CommonJS.
 *
 * Usage: node oidc-issuer.mjs <port|0>, with OIDC_JWKS = JSON array of private JWKs (the first
 * signs). Prints `@@{"listening":port}` once ready, then one `@@{"path":...}` line per request, so
 * a test can count discovery and key fetches (`@@` sets them apart from the provider's own warnings).
 *
 * Tokens: client_credentials for client `desk` / secret `desk-secret`, as JWT access tokens with
 * claims role=handler, court=赣1126. The resource indicator picks the audience and lifetime:
 * urn:minyi:api (aud minyi-api, 10 min), urn:minyi:short (aud minyi-api, 1 s), urn:other:api
 * (aud other-api, 10 min).
 */
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const RESOURCES = {
  'urn:minyi:api': { audience: 'minyi-api', accessTokenTTL: 600 },
  'urn:minyi:short': { audience: 'minyi-api', accessTokenTTL: 1 },
  'urn:other:api': { audience: 'other-api', accessTokenTTL: 600 },
};

const keys = JSON.parse(process.env.OIDC_JWKS ?? '[]');
const server = createServer();
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: 'desk',
        client_secret: 'desk-secret',
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
      },
    ],
    jwks: { keys },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'urn:minyi:api',
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          const server = RESOURCES[resource];
          if (!server) throw new errors.InvalidTarget();
          return { scope: 'staff', accessTokenFormat: 'jwt', ...server };
        },
      },
    },
    extraTokenClaims: () => ({ role: 'handler', court: '赣1126' }),
  });
  const callback = provider.callback();
  server.on('request', (req, res) => {
    process.stdout.write(`@@${JSON.stringify({ path: req.url })}\n`);
    callback(req, res);
  });
  process.stdout.write(`@@${JSON.stringify({ listening: port })}\n`);
});

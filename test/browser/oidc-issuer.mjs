/**
 * A real OpenID Connect issuer (oidc-provider) for the desk's sign-in on AWS-like stages: the
 * authorization code flow with PKCE for the public client `desk-web`, its own login and consent
 * pages (any login, any password), and ID tokens that name role and court as the stack's Cognito
 * user pool's do: groups `role:handler` and `court:赣1126` in `cognito:groups`. Run as its own process (the package
 * is ESM-only; jest runs CommonJS).
 *
 * Usage: REDIRECT_URI=<desk origin>/desk/callback node oidc-issuer.mjs. Prints `@@{"listening":port}`.
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: 'desk-web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [process.env.REDIRECT_URI],
      },
    ],
    scopes: ['openid', 'profile', 'staff'],
    claims: { openid: ['sub'], profile: ['name'], staff: ['cognito:groups'] },
    // The desk reads role and court from the ID token, as it does from Cognito's.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, id) => ({
      accountId: id,
      // Cognito's shape: role and court as groups an administrator put the person in.
      claims: () => ({ sub: id, name: id, 'cognito:groups': ['role:handler', 'court:赣1126'] }),
    }),
  });
  server.on('request', provider.callback());
  process.stdout.write(`@@${JSON.stringify({ listening: port })}\n`);
});

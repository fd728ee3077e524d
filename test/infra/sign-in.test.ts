import { resolveCfn } from '../support/cfn';
import { connectSrc, STAGES, synthesizedSignIn } from '../support/sign-in';

/**
 * Issue 22: staff can sign in on AWS. The pages' CSP (CloudFront's response headers policy) admits
 * the issuer's discovery and token endpoints and nothing more beyond the API, in both partitions;
 * the desk's Cognito client (global stages) takes code + PKCE only, back at the pages' real
 * origin; /config.json names the issuer. Synthesized without Lambda bundling (fast); the full
 * synth with cdk-nag is test/infra/stack.test.ts.
 */
test('global: a sign-in domain, a code + PKCE client back at the pages, and a CSP that admits exactly the issuer and the token endpoint', () => {
  const { template, csp, config } = synthesizedSignIn('global');
  const [domainId] = Object.keys(template.findResources('AWS::Cognito::UserPoolDomain'));
  const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
  expect(connectSrc(csp)).toEqual([
    "'self'",
    'https://*.execute-api.ap-southeast-1.amazonaws.com',
    'https://cognito-idp.ap-southeast-1.amazonaws.com',
    `https://${domainId}.auth.ap-southeast-1.amazoncognito.com`,
  ]);
  expect(config.auth).toEqual({
    mode: 'oidc',
    authority: `https://cognito-idp.ap-southeast-1.amazonaws.com/${poolId}`,
    clientId: expect.any(String),
    scope: 'openid email profile',
    signInDomain: `https://${domainId}.auth.ap-southeast-1.amazoncognito.com`,
  });
  const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
  const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
  const at = STAGES.global.at;
  expect(client!.Properties.AllowedOAuthFlows).toEqual(['code']);
  expect(client!.Properties.CallbackURLs.map((u: unknown) => resolveCfn(u, at))).toEqual([
    `https://<${distributionId}.DomainName>/desk/callback`,
  ]);
  const outputs = template.toJSON().Outputs as Record<string, unknown>;
  expect(Object.keys(outputs)).toEqual(
    expect.arrayContaining(['DeskClientId', 'SignInDomain', 'UserPoolId']),
  );
});

test("China: no Cognito; the CSP admits the courts' issuer and nothing more beyond the API", () => {
  const { template, csp, config } = synthesizedSignIn('china');
  template.resourceCountIs('AWS::Cognito::UserPool', 0);
  expect(connectSrc(csp)).toEqual([
    "'self'",
    'https://*.execute-api.cn-north-1.amazonaws.com.cn',
    'https://idp.jxfy-court.cn',
  ]);
  expect(config.auth).toEqual({
    mode: 'oidc',
    authority: 'https://idp.jxfy-court.cn/realms/minyi',
    clientId: 'minyi-api',
    scope: 'openid email profile',
  });
});

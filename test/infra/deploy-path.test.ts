import { readFileSync } from 'node:fs';
import { resolveCfn } from '../../local/cfn';
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

/**
 * Issue 22: docs/deploying.md is the operator's path on deploy day, so every output it names must
 * be one the template has (and every output the template has must be in it), and every `-c`
 * option it names must be one the app reads.
 */
const doc = readFileSync('docs/deploying.md', 'utf8');
const outputsTable = doc.slice(doc.indexOf("The stack's outputs"), doc.indexOf('## 4.'));
const documented = [...outputsTable.matchAll(/^\| `(\w+)`\s+\|/gm)].map((m) => m[1]!);

test('the outputs docs/deploying.md names are the template’s, global and Beijing', () => {
  const outputsOf = (stage: 'global' | 'china') =>
    Object.keys(synthesizedSignIn(stage).template.toJSON().Outputs as Record<string, unknown>);
  const global = outputsOf('global');
  const china = outputsOf('china');
  expect(documented.length).toBeGreaterThan(10);
  expect(documented.filter((name) => !global.includes(name))).toEqual([]);
  expect([...new Set([...global, ...china])].filter((name) => !documented.includes(name)).sort()).toEqual([]);
  // "global only" outputs are absent in Beijing (no Cognito there), and the doc says so.
  const globalOnly = documented.filter((name) =>
    new RegExp(`\`${name}\`\\s+\\|\\s+global only`).test(outputsTable),
  );
  expect(globalOnly.sort()).toEqual(global.filter((name) => !china.includes(name)).sort());
  // Every output the doc's text names elsewhere is a real one too.
  const named = [...doc.matchAll(/output `(\w+)`/g)].map((m) => m[1]!);
  expect(named.filter((name) => !global.includes(name) && !china.includes(name))).toEqual([]);
});

test('every -c option docs/deploying.md names is one the app reads', () => {
  const config = readFileSync('infra/config.ts', 'utf8');
  const options = [...new Set([...doc.matchAll(/-c (\w+)=/g)].map((m) => m[1]!))];
  expect(options.length).toBeGreaterThan(5);
  expect(options.filter((key) => !config.includes(`context('${key}')`))).toEqual([]);
});

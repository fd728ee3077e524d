import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { STAFF_ROLES, STAFF_UNITS } from '../../domain/access';
import { StaffUserPool } from '../../infra/constructs/auth';

/**
 * Issue 8: staff must not be able to change their own role or court. On Cognito they are groups,
 * which only an administrator changes; these assertions fail if role or court ever become an
 * attribute a user could write through the desk's app client (UpdateUserAttributes).
 */
const template = () => {
  const stack = new Stack(new App(), 'Auth', { env: { region: 'ap-southeast-1' } });
  const pool = new StaffUserPool(stack, 'StaffAuth', {
    courtCodes: ['赣', '赣11', '赣1126'],
    domainPrefix: 'minyi-test',
  });
  pool.addDeskClient(['https://12368.example.cn', 'https://desk.example.cn']);
  return { main: Template.fromStack(stack), groups: Template.fromStack(pool.groups) };
};
const ofType = (type: string) => Object.values(template().main.findResources(type));

test("the desk's app client names what it may write, and role and court are not among them", () => {
  const [client] = ofType('AWS::Cognito::UserPoolClient');
  // Absent, Cognito (and CDK's default) would let the client write every writable attribute.
  expect(client!.Properties.WriteAttributes).toEqual(expect.any(Array));
  expect(client!.Properties.WriteAttributes.length).toBeGreaterThan(0);
  for (const attribute of client!.Properties.WriteAttributes as string[]) {
    expect(attribute).not.toMatch(/role|court/i);
    expect(attribute).not.toMatch(/^custom:/);
  }
});

test('no mutable role or court attribute in the pool schema', () => {
  const [pool] = ofType('AWS::Cognito::UserPool');
  const schema = (pool!.Properties.Schema ?? []) as Array<{ Name: string; Mutable?: boolean }>;
  expect(schema.filter((a) => /role|court/i.test(a.Name) && a.Mutable !== false)).toEqual([]);
});

test('one group per staff role and per court, named as the API reads cognito:groups', () => {
  const { main, groups } = template();
  // In their nested stack (one resource of the main stack), none in the main stack itself.
  main.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
  main.resourceCountIs('AWS::CloudFormation::Stack', 1);
  const names = Object.values(groups.findResources('AWS::Cognito::UserPoolGroup')).map(
    (g) => g.Properties.GroupName as string,
  );
  expect(names.sort()).toEqual(
    [
      ...STAFF_ROLES.map((r) => `role:${r}`),
      ...STAFF_UNITS.map((u) => `unit:${u}`),
      'court:赣',
      'court:赣11',
      'court:赣1126',
    ].sort(),
  );
});

test('issue 22: staff sign in by code and PKCE only, back at /desk/callback on each page origin, through a sign-in domain', () => {
  const [client] = ofType('AWS::Cognito::UserPoolClient');
  const p = client!.Properties;
  expect(p.AllowedOAuthFlows).toEqual(['code']); // never 'implicit': tokens would travel in URLs
  expect(p.AllowedOAuthFlowsUserPoolClient).toBe(true);
  expect(p.GenerateSecret).toBe(false); // a page cannot keep a secret: PKCE instead
  expect(p.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
  expect(p.CallbackURLs).toEqual([
    'https://12368.example.cn/desk/callback',
    'https://desk.example.cn/desk/callback',
  ]);
  expect(p.LogoutURLs).toEqual(['https://12368.example.cn/desk/', 'https://desk.example.cn/desk/']);
  expect(JSON.stringify(p)).not.toContain('example.com'); // CDK's placeholder callback
  expect(p.SupportedIdentityProviders).toEqual(['COGNITO']);
  const [domain] = ofType('AWS::Cognito::UserPoolDomain');
  expect(domain!.Properties.Domain).toBe('minyi-test');
});

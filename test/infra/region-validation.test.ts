import { App, Stack } from 'aws-cdk-lib';
import { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { cdkJsonContext } from '../../infra/app';

/**
 * cdk.json's `@aws-cdk/core:validateAgainstDefaultRules` makes CloudFormation's validation (bundled
 * with aws-cdk-lib, offline) an error: a resource type the stack's region lacks fails the synth.
 * Without the flag the same finding is only a warning, which is why the flag is set.
 */
const synthUserPoolIn = (region: string, context: Record<string, unknown>) => () => {
  const app = new App({ context });
  const stack = new Stack(app, 'Probe', { env: { region } });
  new CfnUserPool(stack, 'Pool', {});
  app.synth();
};

test('with cdk.json, a Cognito user pool in cn-north-1 fails the synth (F3006)', () => {
  expect(cdkJsonContext()['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  expect(synthUserPoolIn('cn-north-1', cdkJsonContext())).toThrow(
    /Resource type 'AWS::Cognito::UserPool' does not exist in 'cn-north-1'/,
  );
});

test('the same stack passes in a global region, and in China without the flag (a warning only)', () => {
  expect(synthUserPoolIn('ap-southeast-1', cdkJsonContext())).not.toThrow();
  const warn = jest.spyOn(console, 'error').mockImplementation(() => {});
  try {
    expect(synthUserPoolIn('cn-north-1', {})).not.toThrow();
    expect(warn.mock.calls.flat().join('\n')).toContain("does not exist in 'cn-north-1'");
  } finally {
    warn.mockRestore();
  }
});

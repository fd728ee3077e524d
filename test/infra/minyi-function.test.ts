import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../../infra/config';
import { MinyiFunction } from '../../infra/constructs/minyi-function';

/** One MinyiFunction for a stage, in a fresh stack per case (bundling skipped: fast). */
const oneFunction = (context: Record<string, unknown>) => {
  const config = loadConfig((key) => context[key]);
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Fn', { env: { region: config.region } });
  const fn = new MinyiFunction(stack, 'Probe', {
    entry: 'functions/scheduled/rollup.ts',
    handler: 'handler',
    config,
  });
  return { config, stack, fn };
};

const findings = (stack: Stack) =>
  new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));

const CHINA = { stage: 'prod', jwtIssuer: 'https://idp.jxfy-court.cn', webCertificateId: 'ASCAQ' };

test("global: traced, the stage's runtime and retention, and cdk-nag finds nothing", () => {
  const { config, stack } = oneFunction({});
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    TracingConfig: { Mode: 'Active' },
    Runtime: config.lambda.runtime,
    Architectures: [config.lambda.architecture],
    Environment: { Variables: { CONFIG_DIR: '/var/task/config' } },
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: config.logRetention });
  expect(findings(stack)).toEqual([]);
});

test('China: not traced, nothing on Resource::* acknowledged, so a wildcard added later is found', () => {
  const { config, stack, fn } = oneFunction(CHINA);
  const [only] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
  expect(only?.Properties.TracingConfig).toBeUndefined();
  expect(only?.Properties.Runtime).toBe(config.lambda.runtime);
  expect(findings(stack)).toEqual([]);

  fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] }));
  expect(findings(stack)).toEqual([
    'AwsSolutions-IAM5[Resource::*] at Fn/Probe/ServiceRole/DefaultPolicy/Resource',
  ]);
});

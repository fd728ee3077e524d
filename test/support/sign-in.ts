import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { resolveCfn, type StandIns } from '../../local/cfn';

/** A global stage (Cognito) and the Beijing stage with the courts' issuer, as an operator deploys them. */
export const STAGES = {
  global: { context: { stage: 'dev' }, at: { region: 'ap-southeast-1', urlSuffix: 'amazonaws.com' } },
  china: {
    context: {
      stage: 'prod',
      jwtIssuer: 'https://idp.jxfy-court.cn/realms/minyi',
      webCertificateId: 'ASCAQEXAMPLE',
    },
    at: { region: 'cn-north-1', urlSuffix: 'amazonaws.com.cn' },
  },
} satisfies Record<string, { context: Record<string, unknown>; at: StandIns }>;

const synthesized = new Map<keyof typeof STAGES, ReturnType<typeof synthesize>>();

/** The template of a stage, and its pages' CSP with CloudFormation's values resolved (once per stage). */
export function synthesizedSignIn(stage: keyof typeof STAGES) {
  let s = synthesized.get(stage);
  if (!s) {
    s = synthesize(stage);
    synthesized.set(stage, s);
  }
  return s;
}

function synthesize(stage: keyof typeof STAGES) {
  const { context, at } = STAGES[stage];
  const { app, stack } = buildApp({ 'aws:cdk:bundling-stacks': [], ...context });
  app.synth();
  const template = Template.fromStack(stack);
  const [policy] = Object.values(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
  const csp = resolveCfn(
    policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy
      .ContentSecurityPolicy,
    at,
  );
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
  const config = JSON.parse(resolveCfn(outputs.WebConfigJson!.Value, at));
  return { template, csp, config, at };
}

/** The sources a CSP's connect-src admits. */
export const connectSrc = (csp: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src '))!
    .split(' ')
    .slice(1);

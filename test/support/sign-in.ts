import { Template } from 'aws-cdk-lib/assertions';
import { resolveCfn, type StandIns } from '../../local/cfn';
import { synthesizedTemplate } from '../../local/template';

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
  // The same synth as the local stack's (kept on disk by source hash and context): the global
  // stage is the dev stage the suite's global setup already synthesized.
  const template = Template.fromJSON(synthesizedTemplate(process.cwd(), context) as never);
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

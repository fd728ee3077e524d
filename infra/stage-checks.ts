import type { StageConfig } from './config';
import { LAMBDA_PLATFORMS, partitionOf } from './lambda-platforms';

/**
 * Checks a stage before anything is synthesized, so that a template that could not work is never
 * produced: what the China regions lack (X-Ray for Lambda, Cognito user pools, CloudFront without
 * an ICP-registered domain and an IAM certificate), a runtime or architecture off the partition's
 * allow-list, and a production stage still pointing at a placeholder issuer. Throws one error
 * that lists every problem and how to fix it.
 */
export function checkStage(config: StageConfig): StageConfig {
  const problems = stageProblems(config);
  if (problems.length > 0)
    throw new Error(
      `stage ${config.stage} (${config.region}) cannot be synthesized:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  return config;
}

/** Every problem with the stage, each a sentence that says what to change. */
export function stageProblems(config: StageConfig): string[] {
  const problems: string[] = [];
  const partition = partitionOf(config.region);
  const platforms = LAMBDA_PLATFORMS[partition];
  if (!(platforms.runtimes as readonly string[]).includes(config.lambda.runtime))
    problems.push(
      `Lambda runtime ${config.lambda.runtime} is not on the ${partition} allow-list (${platforms.runtimes.join(', ')}) in infra/lambda-platforms.ts`,
    );
  if (!(platforms.architectures as readonly string[]).includes(config.lambda.architecture))
    problems.push(
      `Lambda architecture ${config.lambda.architecture} is not on the ${partition} allow-list (${platforms.architectures.join(', ')}) in infra/lambda-platforms.ts`,
    );

  if (partition === 'aws-cn') {
    if (config.tracing)
      problems.push(
        'tracing must be off: "X-Ray integration with Lambda functions is not available in the China Regions"',
      );
    if (!config.jwt)
      problems.push(
        'an OIDC issuer is required: Cognito user pools are not available in the China regions (-c jwtIssuer=https://… -c jwtAudience=…)',
      );
    if (config.web.domainNames.length === 0)
      problems.push(
        'the web pages need an ICP-registered domain (web.domainNames): CloudFront in China serves nothing on its default domain',
      );
    if (!config.web.certificate || !('iamCertificateId' in config.web.certificate))
      problems.push(
        'the web pages need a server certificate uploaded to IAM (no ACM for CloudFront in China): -c webCertificateId=<IAM ServerCertificateId>',
      );
  } else if (config.web.domainNames.length > 0 && !config.web.certificate) {
    problems.push('web.domainNames need a certificate (an ACM certificate in us-east-1)');
  }

  if (config.jwt) {
    const issuer = issuerProblem(config.jwt.issuer);
    if (issuer && config.production)
      problems.push(
        `the OIDC issuer ${config.jwt.issuer} ${issuer}: every staff route would answer 401. Configure the courts' identity provider (-c jwtIssuer=https://… or infra/config.ts)`,
      );
  } else if (config.production) {
    problems.push('a production stage needs its OIDC issuer or a Cognito user pool in a global region');
  }
  return problems;
}

/**
 * Why an issuer cannot be a real one, or null: not https, or a host reserved for examples and
 * tests (RFC 2606: example, .test, .invalid, .localhost; this repo's placeholders are
 * `*.example.cn`).
 */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:') return 'is not https';
  const labels = url.hostname.split('.');
  const last = labels[labels.length - 1];
  if (labels.includes('example') || ['test', 'invalid', 'localhost'].includes(last ?? ''))
    return 'is a placeholder';
  return null;
}

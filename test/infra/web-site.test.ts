import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../infra/config';
import { WebSite } from '../../infra/constructs/web-site';

/** The web pages' construct alone, in a fresh stack per case (no Lambda bundling: fast). */
const site = (context: Record<string, unknown>) => {
  const config = loadConfig((key) => context[key]);
  const stack = new Stack(new App(), 'Web', { env: { region: config.region } });
  new WebSite(stack, 'Web', config);
  return stack;
};

test('no built pages at synth time: nothing is uploaded, and a warning says how to build them', () => {
  const stack = site({ webAssets: 'does-not-exist/dist' });
  Template.fromStack(stack).resourceCountIs('Custom::CDKBucketDeployment', 0);
  Template.fromStack(stack).resourceCountIs('AWS::CloudFront::Distribution', 1);
  Annotations.fromStack(stack).hasWarning(
    '/Web/Web',
    Match.stringLikeRegexp('No web pages at .*does-not-exist/dist.*npm run build:web'),
  );
});

test('China: never a CDK upload handler, an info note pointing at aws s3 sync instead', () => {
  const stack = site({ stage: 'prod', jwtIssuer: 'https://idp.jxfy-court.cn', webCertificateId: 'ASCAQ' });
  Template.fromStack(stack).resourceCountIs('Custom::CDKBucketDeployment', 0);
  Annotations.fromStack(stack).hasInfo('/Web/Web', Match.stringLikeRegexp('aws s3 sync'));
});

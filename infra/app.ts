import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config';
import { MinyiStack } from './minyi-stack';

/** `npx cdk synth [-c stage=dev|prod] [-c region=cn-north-1]`: cdk-nag's AwsSolutions checks run on every synth. */
export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: MinyiStack } {
  const app = new App({ context });
  const config = loadConfig((key) => app.node.tryGetContext(key));
  const stack = new MinyiStack(app, `Minyi-${config.stage}`, {
    env: { region: config.region, account: process.env.CDK_DEFAULT_ACCOUNT },
    config,
    description: `民意中心 (${config.stage}): requests, work orders, deadlines and figures`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from './config';
import { MinyiStack } from './minyi-stack';
import { checkStage } from './stage-checks';

/**
 * `npx cdk synth [-c stage=dev|prod] [-c region=cn-north-1]`: the stage is checked first
 * (infra/stage-checks.ts), then cdk-nag's AwsSolutions checks and CloudFormation's own validation
 * against the region's resource types run on every synth.
 *
 * cdk.json's context (feature flags such as `@aws-cdk/core:validateAgainstDefaultRules`) is read
 * here too: the CLI passes it to the app, but a test that builds the app in-process would
 * otherwise run without it and pass a template the CLI refuses.
 */
export function buildApp(context: Record<string, unknown> = {}): { app: App; stack: MinyiStack } {
  const app = new App({ context: { ...cdkJsonContext(), ...context } });
  const config = checkStage(loadConfig((key) => app.node.tryGetContext(key)));
  const stack = new MinyiStack(app, `Minyi-${config.stage}`, {
    env: { region: config.region, account: process.env.CDK_DEFAULT_ACCOUNT },
    config,
    description: `民意中心 (${config.stage}): requests, work orders, deadlines and figures`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** The `context` of cdk.json at the project root (where the CLI and the tests run). */
export function cdkJsonContext(): Record<string, unknown> {
  const json = JSON.parse(readFileSync(join(process.cwd(), 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return json.context ?? {};
}

if (process.argv[1]?.endsWith('app.ts')) buildApp().app.synth();

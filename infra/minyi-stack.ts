import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CourtDirectory } from '../domain/courts';
import type { FunctionEnvironment } from '../functions/commons/env';
import { type StageConfig, signInOriginsOf } from './config';
import { Api } from './constructs/api';
import { AuditorsDashboard } from './constructs/auditors-dashboard';
import { defaultDomainPrefix, StaffUserPool } from './constructs/auth';
import { Citizens } from './constructs/citizens';
import { Data } from './constructs/data';
import { Notifications } from './constructs/notifications';
import { Observability } from './constructs/observability';
import { Schedules } from './constructs/schedules';
import { WebSite } from './constructs/web-site';
import { Workflow } from './constructs/workflow';

export interface MinyiStackProps extends StackProps {
  config: StageConfig;
}

/** The whole system for one stage: data, workflow, API, web pages, schedules, notifications, alarms. */
export class MinyiStack extends Stack {
  constructor(scope: Construct, id: string, props: MinyiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const courts = CourtDirectory.fromCsv(readFileSync(join(config.configDir, 'courts.csv'), 'utf8'));
    const data = new Data(this, 'Data');
    const notifications = new Notifications(this, 'Notifications', config);
    const citizens = new Citizens(this, 'Citizens', config);
    const pool = config.jwt
      ? null
      : new StaffUserPool(this, 'StaffAuth', {
          courtCodes: courts.all().map((c) => c.code),
          domainPrefix: config.authDomainPrefix ?? defaultDomainPrefix(config.stage),
        });
    // The pages' CSP admits the sign-in's own origins and nothing more (the desk fetches the
    // issuer's discovery document and exchanges the code at its token endpoint).
    const web = new WebSite(this, 'Web', config, {
      signInOrigins: pool ? pool.signInOrigins : signInOriginsOf(config.jwt!),
    });
    // The desk's client comes back to the pages' own origins: known only once the site exists.
    const jwt = config.jwt ?? { issuer: pool!.issuer, audience: pool!.addDeskClient(web.pageOrigins) };

    const environment: FunctionEnvironment = {
      TABLE_NAME: data.table.tableName,
      IDEMPOTENCY_TABLE_NAME: data.idempotencyTable.tableName,
      DESK_URL: config.deskUrl,
      RATING_URL: config.ratingUrl,
      JWT_ISSUER: jwt.issuer,
      JWT_AUDIENCE: jwt.audience,
      ...notifications.environment,
      ...citizens.environment,
    };

    const workflow = new Workflow(this, 'Workflow', { config, data, environment });
    notifications.grantSend(workflow.tick);
    const withWorkflow: FunctionEnvironment = {
      ...environment,
      STATE_MACHINE_ARN: workflow.stateMachine.stateMachineArn,
    };

    const api = new Api(this, 'Api', {
      // A stage without its own domain serves the pages on CloudFront's: CORS must admit that origin.
      config:
        config.web.domainNames.length > 0
          ? config
          : { ...config, webOrigins: [...config.webOrigins, web.origin] },
      data,
      jwt,
      environment: withWorkflow,
    });
    for (const fn of api.workflowStarters) {
      workflow.grantStart(fn);
      notifications.grantSend(fn);
    }

    const schedules = new Schedules(this, 'Schedules', {
      config,
      data,
      environment: withWorkflow,
    });
    workflow.grantStart(schedules.resumeOpenOrders);
    // Issue 20: the nightly rollup sends the monthly 通报 by mail.
    notifications.grantSend(schedules.nightlyRollup);
    // Filing hashes phones, sessions are verified, WeChat is called on order changes, the retention job
    // erases: every function may need the citizens' secret (read on first use only).
    for (const fn of [...api.functions, workflow.tick, ...schedules.functions]) citizens.grantRead(fn);

    new AuditorsDashboard(this, 'AuditorsDashboard', {
      stage: config.stage,
      courts: courts.all().filter((c) => c.level !== 'basic'),
    });

    new Observability(this, 'Observability', {
      config,
      functions: [...api.functions, workflow.tick, ...schedules.functions],
      api: api.httpApi,
      stateMachine: workflow.stateMachine,
      deadLetters: schedules.deadLetters,
    });

    // The desk signs staff in at the same issuer the API's authorizer trusts.
    web.publishConfig({
      apiBaseUrl: api.httpApi.apiEndpoint,
      auth: {
        mode: 'oidc',
        authority: jwt.issuer,
        clientId: jwt.audience,
        scope: 'openid email profile',
        ...(pool ? { signInDomain: pool.domain.baseUrl() } : {}),
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'DashboardName', { value: `minyi-${config.stage}-figures` });
    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'WebUrl', { value: web.origin });
    new CfnOutput(this, 'WebBucketName', { value: web.bucket.bucketName });
    new CfnOutput(this, 'WebDistributionId', { value: web.distribution.distributionId });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: schedules.deadLetters.queueUrl });
    new CfnOutput(this, 'ResumeOpenOrdersFunction', { value: schedules.resumeOpenOrders.functionName });
    new CfnOutput(this, 'NightlyRollupFunction', { value: schedules.nightlyRollup.functionName });
    new CfnOutput(this, 'ErasePersonalDataFunction', { value: schedules.erasePersonalData.functionName });
    new CfnOutput(this, 'CitizenSecretsArn', { value: citizens.secret.secretArn });
    if (pool) {
      new CfnOutput(this, 'UserPoolId', { value: pool.userPool.userPoolId });
      new CfnOutput(this, 'DeskClientId', { value: jwt.audience });
      new CfnOutput(this, 'SignInDomain', { value: pool.domain.baseUrl() });
    }
  }
}

import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NestedStack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildOpenApi } from '../../functions/api/openapi-document';
import { ROUTE_LIST, SHARED_FUNCTIONS } from '../../functions/api/routes';
import { buildApp } from '../../infra/app';
import {
  BUNDLE_BUDGET_BYTES,
  KNOWLEDGE_BUNDLE_BUDGET_BYTES,
  LAZY_MODULES,
} from '../../infra/constructs/minyi-function';
import { LAMBDA_PLATFORMS } from '../../infra/lambda-platforms';
import { ensureTables, startDynalite } from '../../local/dynalite';
import {
  LOCAL_SUBSTITUTIONS,
  ORDER_CLOCK_SUBSTITUTIONS,
  orderClockDefinition,
} from '../../workflows/definition';

/**
 * The CDK app for a global region and for both China regions (aws-cn), synthesized with bundling,
 * with cdk-nag's AwsSolutions checks and with CloudFormation's validation against the region's
 * resource types (cdk.json): a finding nobody acknowledged, or a resource type the region lacks,
 * fails the synth and so this test. China synthesizes the prod stage as shipped, with what an
 * operator gives at deploy time: the courts' issuer and the IAM certificate id.
 */
const CHINA = {
  stage: 'prod',
  jwtIssuer: 'https://idp.jxfy-court.cn/realms/minyi',
  webCertificateId: 'ASCAQEXAMPLECERTIFICATE',
};

// The web pages are built by another project (web/dist): a clean clone has none, so a fixture stands in.
const pages = mkdtempSync(join(tmpdir(), 'minyi-pages-'));
writeFileSync(join(pages, 'index.html'), '<!doctype html><title>民意中心</title>');
afterAll(() => rmSync(pages, { recursive: true, force: true }));

const synth = (context: Record<string, unknown>) => {
  const { app, stack } = buildApp(context);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  return {
    stack,
    template: Template.fromStack(stack),
    json: JSON.stringify(artifact.template),
    outdir: assembly.directory,
  };
};

const functionsOf = (s: ReturnType<typeof synth>) =>
  Object.values(s.template.findResources('AWS::Lambda::Function'));

/** Our functions (MinyiFunction), not CDK's own handlers. */
const oursOf = (s: ReturnType<typeof synth>) =>
  functionsOf(s).filter((fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'minyi');

/** `<rule id> at <construct path>`, one line per finding cdk-nag's AwsSolutions checks report. */
const nagFindings = (scope: IConstruct) =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));

/** `<construct path>: <finding id>` for every acknowledgement in the tree (CDK records `Annotation::<id>`). */
const acknowledgementsOf = (root: IConstruct) =>
  root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.keys(m.data as object).map((id) => `${c.node.path}: ${id.replace(/^Annotation::/, '')}`),
        ),
    );

/**
 * Actions IAM offers no resource-level permission for, so a grant of them is on `*`: X-Ray,
 * SMS to a phone number, Step Functions' log delivery, and the invalidation CDK's BucketDeployment makes.
 */
const ACTIONS_WITHOUT_RESOURCES = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'sns:Publish',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'cloudfront:CreateInvalidation',
  'cloudfront:GetInvalidation',
]);

/** Every resource type of the template. */
const typesOf = (s: ReturnType<typeof synth>) =>
  new Set(Object.values(JSON.parse(s.json).Resources as Record<string, { Type: string }>).map((r) => r.Type));

// Bundles depend on the partition alone (its runtime, architecture and SMTP module), so Ningxia's
// would be Beijing's byte for byte: it is synthesized without bundling, every other check the same.
const UNBUNDLED = { 'aws:cdk:bundling-stacks': [] };

describe.each([
  ['ap-southeast-1', 'global', { region: 'ap-southeast-1', webAssets: pages }],
  ['cn-north-1', 'china', { ...CHINA, region: 'cn-north-1' }],
  ['cn-northwest-1', 'china', { ...CHINA, region: 'cn-northwest-1', ...UNBUNDLED }],
] as const)('synth for %s (%s)', (region, kind, context) => {
  const bundled = !('aws:cdk:bundling-stacks' in context);
  let s: ReturnType<typeof synth>;
  beforeAll(() => {
    s = synth(context);
  }, 180_000);

  test("the stack is in the region asked for, synthesized under cdk.json's validation flag", () => {
    expect(s.stack.region).toBe(region);
    // The flag is what turns a resource type missing from the region into a failed synth.
    expect(s.stack.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
  });

  test("within CloudFormation's 500 resources a stack, with room for a few more routes", () => {
    // Each route is a Route and a Lambda Permission; a function adds its role, policy, log group
    // and alarms. Past 500 the deploy fails, and nothing before it says so.
    expect(Object.keys(JSON.parse(s.json).Resources).length).toBeLessThanOrEqual(480);
  });

  test('no literal partition anywhere: every ARN is built with the partition token', () => {
    expect(s.json).not.toContain('arn:aws:');
    expect(s.json).not.toContain('arn:aws-cn:');
  });

  test('the main table keeps its records: PITR, deletion protection, encryption, retained', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5'].map((name) =>
          Match.objectLike({ IndexName: name }),
        ),
      }),
    });
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  test("every function: a runtime and architecture from the partition's allow-list, ESM with source maps, its own log group", () => {
    const platforms = LAMBDA_PLATFORMS[kind === 'china' ? 'aws-cn' : 'aws'];
    const ours = oursOf(s);
    // A function per route (per entry for the shared ones), Tick, resume sweep, nightly rollup, retention.
    const apiFunctions =
      ROUTE_LIST.filter((r) => !SHARED_FUNCTIONS.has(r.entry)).length + SHARED_FUNCTIONS.size;
    expect(ours).toHaveLength(apiFunctions + 4);
    // China: every function of the template, CDK's own handlers included (none there today).
    for (const fn of kind === 'china' ? functionsOf(s) : ours) {
      expect(platforms.runtimes).toContain(fn.Properties.Runtime);
      expect(platforms.architectures).toContain(fn.Properties.Architectures?.[0] ?? 'x86_64');
    }
    for (const fn of ours) {
      expect(fn.Properties).toMatchObject({
        Runtime: kind === 'china' ? 'nodejs22.x' : 'nodejs24.x',
        Architectures: [kind === 'china' ? 'x86_64' : 'arm64'],
        LoggingConfig: { LogGroup: expect.anything() },
      });
      // Source maps are read when an error is reported, not at every cold start (see the bundle test below).
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
  });

  (bundled ? test : test.skip)(
    "every function's bundle within the size budget, loading the lazy modules only on first use",
    () => {
      const overBudget: string[] = [];
      const ours = new Set(oursOf(s));
      for (const [id, fn] of Object.entries(s.template.findResources('AWS::Lambda::Function'))) {
        if (!ours.has(fn)) continue;
        const staged = join(s.outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
        const bundle = join(staged, 'index.mjs');
        const bytes = statSync(bundle).size;
        // The OpenAPI function too, since its document is built at synth and shipped beside it (issue 23).
        const budget = id.includes('KnowledgeRoutes') ? KNOWLEDGE_BUNDLE_BUDGET_BYTES : BUNDLE_BUDGET_BYTES;
        if (bytes > budget) overBudget.push(`${id} (${fn.Properties.Handler}): ${bytes} bytes`);
        // A static import of a lazy module would be hoisted to the bundle's top and load at cold start.
        const code = readFileSync(bundle, 'utf8');
        for (const name of Object.keys(LAZY_MODULES)) expect(code).not.toMatch(new RegExp(`from"${name}"`));
        expect(existsSync(`${bundle}.map`)).toBe(true);
        expect(existsSync(join(staged, 'node_modules', 'jose', 'package.json'))).toBe(true);
        expect(existsSync(join(staged, 'node_modules', 'chinese-days', 'package.json'))).toBe(true);
        expect(existsSync(join(staged, 'node_modules', 'nodemailer', 'package.json'))).toBe(kind === 'china');
      }
      expect(overBudget).toEqual([]);
    },
  );

  test('the HTTP API: the JWT authorizer on staff routes only, throttling, access logs', () => {
    const routes = s.template.findResources('AWS::ApiGatewayV2::Route');
    expect(Object.keys(routes)).toHaveLength(ROUTE_LIST.length);
    for (const route of ROUTE_LIST) {
      const found = Object.values(routes).find(
        (r) => r.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      expect(found?.Properties.AuthorizationType ?? 'NONE').toBe(route.auth === 'staff' ? 'JWT' : 'NONE');
    }
    const throttle = kind === 'china' ? [200, 400] : [50, 100];
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({
        ThrottlingRateLimit: throttle[0],
        ThrottlingBurstLimit: throttle[1],
      }),
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
    });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
  });

  test('filing and WeChat sign-in have a route limit of their own, far under the stage (issue 24)', () => {
    const limited = { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 };
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: { 'POST /v1/requests': limited, 'POST /v1/wechat/session': limited },
    });
    // A route setting names a route that must exist first: the stage waits for both.
    const [stage] = Object.values(s.template.findResources('AWS::ApiGatewayV2::Stage'));
    const routes = s.template.findResources('AWS::ApiGatewayV2::Route');
    const idOf = (key: string) => Object.keys(routes).find((id) => routes[id]!.Properties.RouteKey === key);
    expect(stage?.DependsOn).toEqual(
      expect.arrayContaining([idOf('POST /v1/requests'), idOf('POST /v1/wechat/session')]),
    );
  });

  test('the order clock runs the definition file with logging ALL', () => {
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      DefinitionSubstitutions: { Partition: { Ref: 'AWS::Partition' }, TickFunctionArn: Match.anyValue() },
    });
  });

  test("the state machine's substitutions are the definition's typed names", () => {
    const [machine] = Object.values(s.template.findResources('AWS::StepFunctions::StateMachine'));
    expect(Object.keys(machine!.Properties.DefinitionSubstitutions).sort()).toEqual(
      [...ORDER_CLOCK_SUBSTITUTIONS].sort(),
    );
  });

  test('cdk-nag: AwsSolutionsChecks().validateScope(stack) finds nothing unacknowledged', () => {
    expect(nagFindings(s.stack)).toEqual([]);
  });

  test('nothing acknowledged stack-wide; Resource::* only for actions without resource-level permissions', () => {
    expect(acknowledgementsOf(s.stack).filter((a) => a.startsWith(`${s.stack.node.path}:`))).toEqual([]);
    const wildcards = Object.entries(s.template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((st) => st.Resource === '*')
        .flatMap((st) => [st.Action].flat().map((action) => `${id}: ${action}`)),
    );
    expect(wildcards.filter((w) => !ACTIONS_WITHOUT_RESOURCES.has(w.split(': ')[1]!))).toEqual([]);
    // SMS to phone numbers only where the function sends notifications: never a read-only route.
    const listCourts = functionsOf(s).find((f) => f.Properties.Handler === 'index.listCourts')!;
    const listCourtsRole = (listCourts.Properties.Role['Fn::GetAtt'] as string[])[0]!;
    const policyOf = (role: string) =>
      Object.entries(s.template.findResources('AWS::IAM::Policy')).find(([, p]) =>
        (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role),
      );
    const listCourtsPolicy = policyOf(listCourtsRole);
    expect(listCourtsPolicy).toBeDefined();
    expect(JSON.stringify(listCourtsPolicy)).not.toContain('sns:Publish');
  });

  test('scheduled jobs retry into a dead-letter queue; alarms watch errors and stopped clocks', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        }),
      ],
    });
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 16 * * ? *)' });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed' });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Level1Escalations' });
    // The way back from the dead-letter queue (docs/deploying.md): its URL and the jobs' names are outputs.
    for (const output of ['DeadLetterQueueUrl', 'ResumeOpenOrdersFunction', 'NightlyRollupFunction'])
      s.template.hasOutput(output, Match.anyValue());
  });

  test("the pages' /config.json names the API and the issuer the API trusts (an output where the stack uploads no pages)", () => {
    const outputs = s.template.findOutputs('WebConfigJson');
    expect(Object.keys(outputs)).toHaveLength(1);
    const value = JSON.stringify(Object.values(outputs)[0]);
    for (const field of ['apiBaseUrl', 'authority', 'clientId', 'oidc']) expect(value).toContain(field);
  });

  test('issue 12: the retention job at 03:00 Shanghai; every function knows the citizens secret and may read it, never holds it', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 19 * * ? *)' });
    s.template.hasOutput('ErasePersonalDataFunction', Match.anyValue());
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'sessionKey' }),
    });
    for (const fn of oursOf(s)) {
      const env = fn.Properties.Environment.Variables;
      expect(env).toMatchObject({
        CITIZEN_SECRETS_ARN: expect.anything(),
        WECHAT_API_BASE_URL: 'https://api.weixin.qq.com',
        PERSONAL_DATA_RETENTION_DAYS: '1095',
      });
      expect(JSON.stringify(env)).not.toMatch(/SESSION_KEY|PHONE_HASH_KEY|WECHAT_APP_SECRET/);
    }
    const policies = JSON.stringify(s.template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('secretsmanager:GetSecretValue');
  });

  test('the alarm topic is encrypted with a customer-managed key whose policy admits CloudWatch', () => {
    const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm'));
    const topicRef = alarms[0]!.Properties.AlarmActions[0].Ref as string;
    const topic = s.template.toJSON().Resources[topicRef];
    expect(topic.Type).toBe('AWS::SNS::Topic');
    const keyId = topic.Properties.KmsMasterKeyId['Fn::GetAtt']?.[0] as string;
    const key = s.template.toJSON().Resources[keyId];
    expect(key?.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements: Array<{ Principal?: { Service?: string } }> = key.Properties.KeyPolicy.Statement;
    const statement = statements.find((st) => st.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Action: expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': expect.anything() },
      },
    });
    expect(JSON.stringify(statement)).toContain(':alarm:*');
  });

  test("the auditors' dashboard shows the rollup's metrics for the province and intermediate courts", () => {
    const [dashboard] = Object.values(s.template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const name of [
      'Requests',
      'OnTimeRate',
      'SatisfactionRate',
      'FirstContactResolutionRate',
      'OrdersLate',
    ])
      expect(body).toContain(name);
    expect(body).toContain('赣11');
  });

  test('the web pages: a private bucket, read only by CloudFront, with security headers', () => {
    for (const bucket of Object.values(s.template.findResources('AWS::S3::Bucket')))
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    const [policy] = Object.values(s.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63_072_000 });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    const [distribution] = Object.values(s.template.findResources('AWS::CloudFront::Distribution'));
    const behavior = distribution!.Properties.DistributionConfig.DefaultCacheBehavior;
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: expect.stringContaining('SecurityHeaders') });
    expect(distribution!.Properties.DistributionConfig.Logging).toMatchObject({ Bucket: expect.anything() });
  });

  test("the API's CORS admits the stage's web origins", () => {
    const [api] = Object.values(s.template.findResources('AWS::ApiGatewayV2::Api'));
    const origins = api!.Properties.CorsConfiguration.AllowOrigins as unknown[];
    if (kind === 'china')
      expect(origins).toEqual(
        expect.arrayContaining(['https://12368.jxfy.example.cn', 'https://desk.jxfy.example.cn']),
      );
    // A stage without its own domain also admits CloudFront's domain of its pages.
    else expect(JSON.stringify(origins)).toContain('DomainName');
  });

  if (kind === 'china') {
    test('China: Resource::* acknowledged on the state machine alone (log delivery)', () => {
      expect(acknowledgementsOf(s.stack).filter((a) => a.endsWith('AwsSolutions-IAM5[Resource::*]'))).toEqual(
        [`${s.stack.node.path}/Workflow/OrderClock: AwsSolutions-IAM5[Resource::*]`],
      );
    });

    test('China: no function traced and no xray: action anywhere (no X-Ray for Lambda there)', () => {
      for (const fn of functionsOf(s))
        expect(fn.Properties.TracingConfig?.Mode ?? 'PassThrough').toBe('PassThrough');
      expect(s.json).not.toContain('xray:');
      s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        TracingConfiguration: { Enabled: false },
      });
    });

    test('China: no resource type the China regions lack, and no CachePolicyId', () => {
      const types = [...typesOf(s)];
      expect(types.filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
      expect(types.filter((t) => t.startsWith('AWS::SES::'))).toEqual([]);
      expect(types).not.toContain('AWS::CloudFront::OriginAccessControl');
      expect(types).not.toContain('AWS::CloudFront::Function');
      expect(types).not.toContain('AWS::CloudFront::CachePolicy');
      expect(s.json).not.toContain('CachePolicyId');
    });

    test('China: the distribution has its ICP-registered aliases, an IAM certificate, an OAI and ForwardedValues', () => {
      s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['12368.jxfy.example.cn', 'desk.jxfy.example.cn'],
          ViewerCertificate: {
            IamCertificateId: CHINA.webCertificateId,
            SslSupportMethod: 'sni-only',
            MinimumProtocolVersion: 'TLSv1.2_2021',
          },
          Origins: [
            Match.objectLike({
              S3OriginConfig: { OriginAccessIdentity: Match.anyValue() },
            }),
          ],
          DefaultCacheBehavior: Match.objectLike({
            ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
            ResponseHeadersPolicyId: Match.anyValue(),
          }),
        }),
      });
      s.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: Match.objectLike({
          Statement: Match.arrayWith([
            Match.objectLike({ Action: 's3:GetObject', Principal: { CanonicalUser: Match.anyValue() } }),
          ]),
        }),
      });
      // The pages are uploaded with `aws s3 sync` (docs/deploying.md): no CDK deployment handler in China.
      expect(typesOf(s)).not.toContain('Custom::CDKBucketDeployment');
    });

    test('China: SMTP from a secret, SMS through a topic, the configured OIDC issuer', () => {
      s.template.resourceCountIs('AWS::SecretsManager::Secret', 2); // SMTP, and the citizens' secret
      const env = oursOf(s)[0]!.Properties.Environment.Variables;
      expect(env).toMatchObject({
        MAIL_TRANSPORT: 'smtp',
        SMS_TRANSPORT: 'topic',
        JWT_ISSUER: CHINA.jwtIssuer,
      });
      s.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        JwtConfiguration: { Issuer: CHINA.jwtIssuer, Audience: ['minyi-api'] },
      });
    });
  } else {
    test('global: traced functions and state machine, SES identity, SNS SMS, a Cognito user pool with MFA', () => {
      for (const fn of oursOf(s)) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        TracingConfiguration: { Enabled: true },
      });
      s.template.resourceCountIs('AWS::SES::EmailIdentity', 1);
      s.template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
      const env = oursOf(s)[0]!.Properties.Environment.Variables;
      expect(env).toMatchObject({ MAIL_TRANSPORT: 'ses', SMS_TRANSPORT: 'sns' });
    });

    test("global: one group per role and per court of config/courts.csv; the client can't write role or court", () => {
      const nested = s.stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack);
      expect(nested.map((n) => n.node.path)).toEqual([`${s.stack.stackName}/StaffAuth/Groups`]);
      const groups = Object.values(
        Template.fromStack(nested[0]!).findResources('AWS::Cognito::UserPoolGroup'),
      ).map((g) => g.Properties.GroupName as string);
      expect(groups.filter((g) => g.startsWith('role:')).sort()).toEqual([
        'role:admin',
        'role:agent',
        'role:auditor',
        'role:handler',
        'role:supervisor',
      ]);
      expect(groups.filter((g) => g.startsWith('court:'))).toHaveLength(114);
      expect(groups).toContain('court:赣1126');
      const [client] = Object.values(s.template.findResources('AWS::Cognito::UserPoolClient'));
      expect(client!.Properties.WriteAttributes).toEqual(['name']);
    });

    test('global: CloudFront with Origin Access Control, the pages uploaded from the build', () => {
      s.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
        }),
      });
      s.template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    });

    test('bundled functions, as they would be deployed, answer real events (the OpenAPI one its shipped document)', async () => {
      const fn = functionsOf(s).find((f) => f.Properties.Handler === 'index.listCourts')!;
      // The code asset is staged as asset.<hash> next to the template; S3Key is <hash>.zip.
      const staged = join(s.outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      // The Lambda runtime provides @aws-sdk (kept external): inside the project, node_modules plays that part.
      const bundle = join(process.cwd(), 'node_modules', '.cache', 'minyi-bundle-smoke');
      rmSync(bundle, { recursive: true, force: true });
      cpSync(staged, bundle, { recursive: true });
      // The directory is read from the table (issue 22): an empty one, as a new deployment's, where
      // the bundled CSVs are the directory. dynalite plays DynamoDB; the call runs in another process.
      const dataDir = mkdtempSync(join(tmpdir(), 'minyi-bundle-db-'));
      const db = await startDynalite(dataDir);
      try {
        await ensureTables(
          new DynamoDBClient({
            endpoint: db.endpoint,
            region: 'cn-north-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }),
          'minyi-main',
          'minyi-idempotency',
        );
        const script = `
        const { listCourts } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
        const out = await listCourts({ rawPath: '/v1/courts', headers: {}, requestContext: { http: { method: 'GET' }, routeKey: 'GET /v1/courts' } },
          { getRemainingTimeInMillis: () => 10000, functionName: 'listCourts', awsRequestId: 'x' });
        process.stdout.write(JSON.stringify({ status: out.statusCode, courts: JSON.parse(out.body).items.length }));`;
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ['--input-type=module', '-e', script],
          {
            env: {
              PATH: process.env.PATH,
              ...deployedEnvironment(fn.Properties.Environment.Variables),
              CONFIG_DIR: join(bundle, 'config'),
              AWS_REGION: region,
              TABLE_NAME: 'minyi-main',
              DYNAMODB_ENDPOINT: db.endpoint,
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
            },
            encoding: 'utf8',
          },
        );
        expect(JSON.parse(stdout)).toEqual({ status: 200, courts: 114 });

        // Issue 23: the OpenAPI function serves the document built at synth from the zod schemas,
        // shipped beside its bundle, exactly as `npm run api:gen` and `api:lint` build it; its
        // bundle holds neither the schemas' JSON Schema generator nor the document.
        const api = functionsOf(s).find((f) => f.Properties.Handler === 'index.getOpenApi')!;
        const apiStaged = join(s.outdir, `asset.${String(api.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
        const apiBundle = join(process.cwd(), 'node_modules', '.cache', 'minyi-bundle-openapi');
        rmSync(apiBundle, { recursive: true, force: true });
        cpSync(apiStaged, apiBundle, { recursive: true });
        const variables = deployedEnvironment(api.Properties.Environment.Variables);
        expect(variables.OPENAPI_DOCUMENT).toBe('/var/task/openapi.json');
        const served = await promisify(execFile)(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const { getOpenApi } = await import(${JSON.stringify(join(apiBundle, 'index.mjs'))});
        const out = await getOpenApi({ rawPath: '/v1/openapi.json', headers: {}, requestContext: { http: { method: 'GET' }, routeKey: 'GET /v1/openapi.json' } },
          { getRemainingTimeInMillis: () => 10000, functionName: 'getOpenApi', awsRequestId: 'x' });
        process.stdout.write(JSON.stringify({ status: out.statusCode, document: JSON.parse(out.body) }));`,
          ],
          {
            env: {
              PATH: process.env.PATH,
              ...variables,
              // /var/task here is the copied asset folder.
              OPENAPI_DOCUMENT: join(apiBundle, 'openapi.json'),
              CONFIG_DIR: join(apiBundle, 'config'),
              AWS_REGION: region,
              TABLE_NAME: 'minyi-main',
              DYNAMODB_ENDPOINT: db.endpoint,
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
            },
            encoding: 'utf8',
            maxBuffer: 16 * 1024 * 1024,
          },
        );
        expect(JSON.parse(served.stdout)).toEqual({ status: 200, document: buildOpenApi() });
        expect(readFileSync(join(apiBundle, 'index.mjs'), 'utf8')).not.toContain('toJSONSchema');
      } finally {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      expect(readFileSync(join(bundle, 'config', 'courts.csv'), 'utf8')).toContain('赣1126');
    });

    test("a bundled function's error is logged with its stack mapped to our sources (the map read only then)", () => {
      const fn = functionsOf(s).find((f) => f.Properties.Handler === 'index.listCourts')!;
      const staged = join(s.outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      const bundle = join(process.cwd(), 'node_modules', '.cache', 'minyi-bundle-error');
      rmSync(bundle, { recursive: true, force: true });
      cpSync(staged, bundle, { recursive: true });
      // No config folder where CONFIG_DIR points: reading courts.csv fails, an error of ours.
      const script = `
        const { listCourts } = await import(${JSON.stringify(join(bundle, 'index.mjs'))});
        const out = await listCourts({ rawPath: '/v1/courts', headers: {}, requestContext: { http: { method: 'GET' }, routeKey: 'GET /v1/courts' } },
          { getRemainingTimeInMillis: () => 10000, functionName: 'listCourts', awsRequestId: 'x' });
        process.stdout.write(JSON.stringify({ status: out.statusCode, sourceMapsEnabled: process.sourceMapsEnabled }) + '\\n');`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH,
          ...deployedEnvironment(fn.Properties.Environment.Variables),
          CONFIG_DIR: join(bundle, 'no-config-here'),
          AWS_REGION: region,
        },
        encoding: 'utf8',
      });
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({
        status: 500,
        sourceMapsEnabled: false,
      });
      // Errors go to stderr, one JSON object a line.
      const logged = run.stderr
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .find((l) => l.message === 'unhandled error');
      expect(logged.stack).toMatch(/ENOENT/);
      expect(logged.stack).toMatch(/functions\/commons\/container\.ts:\d+:\d+/);
      expect(logged.stack).not.toMatch(/index\.mjs:\d+/);
    });
  }
});

/** The function's environment as deployed, with stand-ins for values CloudFormation resolves. */
function deployedEnvironment(variables: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variables).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : `https://resolved.example/${k}`,
    ]),
  );
}

test('the state machine definition is valid ASL (asl-validator), JSONPath only', () => {
  const validate = require('asl-validator') as (d: unknown) => { isValid: boolean; errorsText: () => string };
  const text = orderClockDefinition(LOCAL_SUBSTITUTIONS);
  const definition = JSON.parse(text);
  const result = validate(definition);
  expect(result.errorsText()).toBe('');
  expect(result.isValid).toBe(true);
  expect(text).not.toContain('JSONata');
});

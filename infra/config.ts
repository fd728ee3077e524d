import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { MailTransport, SmsTransport } from '../functions/commons/env';
import type { LambdaArchitecture, LambdaRuntime } from './lambda-platforms';

/**
 * Everything that differs between deployments, typed, in one place. Chosen with
 * `-c stage=<name>`; `-c region=`, `-c jwtIssuer= -c jwtAudience=`, `-c webCertificateId=` and
 * `-c webAssets=` override a stage's values. Nothing secret lives here: SMTP credentials are a
 * Secrets Manager secret the stack creates and an operator fills in. Every stage is checked when
 * loaded (infra/stage-checks.ts): a production stage with a placeholder issuer, or a China stage
 * asking for what the China regions lack, fails the synth with the reason.
 */
export interface StageConfig {
  stage: string;
  region: string;
  /** A production stage holds real courts' data: its issuer must be real (no placeholder). */
  production: boolean;
  /**
   * Issuer and audience of the JWT authorizer and the token verifier: an OpenID Connect issuer
   * that publishes `/.well-known/openid-configuration`. Absent: the stack creates a Cognito user
   * pool (global regions only: the China regions have none).
   */
  jwt?: { issuer: string; audience: string; tokenOrigins?: string[] };
  /** The Cognito sign-in domain's prefix, where the stack makes the pool. @default `minyi-<stage>-<account>` */
  authDomainPrefix?: string;
  /** Web origins allowed by CORS (the web and WeChat front ends, the agents' desk). */
  webOrigins: string[];
  /** The web pages (web/dist) behind CloudFront. */
  web: WebConfig;
  /** SES where the region has it; SMTP (courts' own server or a domestic provider) in China. */
  mail:
    | { transport: Extract<MailTransport, 'ses'>; from: string; domain: string }
    | { transport: Extract<MailTransport, 'smtp'>; from: string };
  /** SNS SMS direct where the region offers it; else an SNS topic a domestic SMS provider consumes. */
  sms: Exclude<SmsTransport, 'outbox'>;
  /** The deployment's own court directory, staff directory and calendar (see config/). */
  configDir: string;
  logRetention: RetentionDays;
  /** Who receives alarms (an SNS email subscription); none when empty. */
  alarmEmails: string[];
  /** Links in emails and SMS. */
  deskUrl: string;
  ratingUrl: string;
  /** Issue 12 (PIPL): days a request's personal data is kept after it is settled or its order closed. @default 1095 (3 years) */
  personalDataRetentionDays: number;
  /** WeChat's server API (the mini program's sign-in and subscription messages). @default https://api.weixin.qq.com */
  wechatApiBaseUrl: string;
  /** API throttling for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
  /** X-Ray tracing for functions and the state machine. Off in China: Lambda has no X-Ray there. */
  tracing: boolean;
  /** Every function's runtime and architecture, from the partition's allow-list (infra/lambda-platforms.ts). */
  lambda: { runtime: LambdaRuntime; architecture: LambdaArchitecture };
}

export interface WebConfig {
  /**
   * Alternate domain names of the distribution. China: required, each with an ICP filing (the
   * default *.cloudfront.cn name serves nothing there). Global: empty means the default domain.
   */
  domainNames: string[];
  /**
   * China: the id of a server certificate uploaded to IAM for `domainNames` (no ACM for CloudFront
   * there). Global: an ACM certificate in us-east-1, when `domainNames` is not empty.
   */
  certificate?: { iamCertificateId: string } | { acmCertificateArn: string };
  /** The built pages, from the project root. Missing at synth time: nothing is uploaded (a warning says so). */
  assetsPath: string;
  /** Attach a security-headers response policy. China: unconfirmed there, see the first-deploy checklist. */
  securityHeaders: boolean;
}

export const isChinaRegion = (region: string) => region.startsWith('cn-');

/**
 * The origins the desk reaches to sign in at a stage's own issuer: the issuer's (its discovery
 * document, keys and, on most identity providers, the token endpoint), plus `-c jwtTokenOrigins=`
 * where the provider's token endpoint lives on another host.
 */
export function signInOriginsOf(jwt: { issuer: string; tokenOrigins?: string[] }): string[] {
  return [
    ...new Set([new URL(jwt.issuer).origin, ...(jwt.tokenOrigins ?? []).map((o) => new URL(o).origin)]),
  ];
}

const STAGES: Record<string, Omit<StageConfig, 'stage'>> = {
  // A global staging region for the engineers; production data lives in China.
  dev: {
    region: 'ap-southeast-1',
    production: false,
    webOrigins: ['https://dev.12368.example.cn'],
    web: { domainNames: [], assetsPath: 'web/dist', securityHeaders: true },
    mail: { transport: 'ses', from: 'noreply@minyi.example.cn', domain: 'minyi.example.cn' },
    sms: 'sns',
    configDir: 'config',
    logRetention: RetentionDays.ONE_MONTH,
    alarmEmails: [],
    deskUrl: 'https://desk.dev.12368.example.cn',
    ratingUrl: 'https://dev.12368.example.cn/rate',
    personalDataRetentionDays: 3 * 365,
    wechatApiBaseUrl: 'https://api.weixin.qq.com',
    throttle: { rateLimit: 50, burstLimit: 100 },
    tracing: true,
    lambda: { runtime: 'nodejs24.x', architecture: 'arm64' },
  },
  // The courts' production: Beijing region, the courts' own identity provider and mail server.
  prod: {
    region: 'cn-north-1',
    production: true,
    // A placeholder until the courts' identity provider is known: synth fails on it (stage-checks.ts).
    jwt: { issuer: 'https://sso.jxfy.example.cn', audience: 'minyi-api' },
    webOrigins: ['https://12368.jxfy.example.cn', 'https://desk.jxfy.example.cn'],
    // The IAM certificate id is given at deploy time (-c webCertificateId=ASCA…): see docs/deploying.md, China.
    web: {
      domainNames: ['12368.jxfy.example.cn', 'desk.jxfy.example.cn'],
      assetsPath: 'web/dist',
      securityHeaders: true,
    },
    mail: { transport: 'smtp', from: 'minyi@jxfy.example.cn' },
    sms: 'topic',
    configDir: 'config',
    logRetention: RetentionDays.SIX_MONTHS,
    alarmEmails: [],
    deskUrl: 'https://desk.jxfy.example.cn',
    ratingUrl: 'https://12368.jxfy.example.cn/rate',
    personalDataRetentionDays: 3 * 365,
    wechatApiBaseUrl: 'https://api.weixin.qq.com',
    throttle: { rateLimit: 200, burstLimit: 400 },
    tracing: false,
    lambda: { runtime: 'nodejs22.x', architecture: 'x86_64' },
  },
};

/** The stage's config with context overrides; infra/stage-checks.ts then checks it. */
export function loadConfig(context: (key: string) => unknown): StageConfig {
  const stage = String(context('stage') ?? 'dev');
  const base = STAGES[stage];
  if (!base) throw new Error(`unknown stage ${stage}: one of ${Object.keys(STAGES).join(', ')}`);
  const region = String(context('region') ?? base.region);
  const issuer = context('jwtIssuer');
  const certificateId = context('webCertificateId');
  const assets = context('webAssets');
  const config: StageConfig = {
    ...base,
    stage,
    region,
    jwt: issuer
      ? {
          issuer: String(issuer),
          audience: String(context('jwtAudience') ?? 'minyi-api'),
          ...(context('jwtTokenOrigins')
            ? { tokenOrigins: String(context('jwtTokenOrigins')).split(',') }
            : {}),
        }
      : base.jwt,
    ...(context('authDomainPrefix') ? { authDomainPrefix: String(context('authDomainPrefix')) } : {}),
    web: {
      ...base.web,
      ...(certificateId ? { certificate: { iamCertificateId: String(certificateId) } } : {}),
      ...(assets ? { assetsPath: String(assets) } : {}),
    },
  };
  if (isChinaRegion(region)) {
    // No SES and no SNS SMS in Beijing/Ningxia (TOOLCHAIN.md): SMTP and an SMS topic instead.
    if (config.mail.transport === 'ses') config.mail = { transport: 'smtp', from: config.mail.from };
    config.sms = 'topic';
  }
  return config;
}

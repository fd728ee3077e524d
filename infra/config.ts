import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything that differs between deployments, typed, in one place. Chosen with
 * `-c stage=<name>`; `-c region=...` and `-c jwtIssuer=... -c jwtAudience=...` override a stage's
 * values. Nothing secret lives here: SMTP credentials are a Secrets Manager secret the stack
 * creates and an operator fills in.
 */
export interface StageConfig {
  stage: string;
  region: string;
  /** Issuer and audience of the JWT authorizer. Absent: the stack creates a Cognito user pool. */
  jwt?: { issuer: string; audience: string };
  /** Web origins allowed by CORS (the web and WeChat front ends, the agents' desk). */
  webOrigins: string[];
  /** SES where the region has it; SMTP (courts' own server or a domestic provider) in China. */
  mail: { transport: 'ses'; from: string; domain: string } | { transport: 'smtp'; from: string };
  /** SNS SMS direct where the region offers it; else an SNS topic a domestic SMS provider consumes. */
  sms: 'sns' | 'topic';
  /** The deployment's own court directory, staff directory and calendar (see config/). */
  configDir: string;
  logRetention: RetentionDays;
  /** Who receives alarms (an SNS email subscription); none when empty. */
  alarmEmails: string[];
  /** Links in emails and SMS. */
  deskUrl: string;
  ratingUrl: string;
  /** API throttling for the whole stage. */
  throttle: { rateLimit: number; burstLimit: number };
  /** X-Ray tracing for functions and the state machine. */
  tracing: boolean;
}

export const isChinaRegion = (region: string) => region.startsWith('cn-');

const STAGES: Record<string, Omit<StageConfig, 'stage'>> = {
  // A global staging region for the engineers; production data lives in China.
  dev: {
    region: 'ap-southeast-1',
    webOrigins: ['https://dev.12368.example.cn'],
    mail: { transport: 'ses', from: 'noreply@minyi.example.cn', domain: 'minyi.example.cn' },
    sms: 'sns',
    configDir: 'config',
    logRetention: RetentionDays.ONE_MONTH,
    alarmEmails: [],
    deskUrl: 'https://desk.dev.12368.example.cn',
    ratingUrl: 'https://dev.12368.example.cn/rate',
    throttle: { rateLimit: 50, burstLimit: 100 },
    tracing: true,
  },
  // The courts' production: Beijing region, the courts' own identity provider and mail server.
  prod: {
    region: 'cn-north-1',
    jwt: { issuer: 'https://sso.jxfy.example.cn', audience: 'minyi-api' },
    webOrigins: ['https://12368.jxfy.example.cn', 'https://desk.jxfy.example.cn'],
    mail: { transport: 'smtp', from: 'minyi@jxfy.example.cn' },
    sms: 'topic',
    configDir: 'config',
    logRetention: RetentionDays.SIX_MONTHS,
    alarmEmails: [],
    deskUrl: 'https://desk.jxfy.example.cn',
    ratingUrl: 'https://12368.jxfy.example.cn/rate',
    throttle: { rateLimit: 200, burstLimit: 400 },
    tracing: true,
  },
};

/** The stage's config with context overrides; China regions get China's transports whatever the stage. */
export function loadConfig(context: (key: string) => unknown): StageConfig {
  const stage = String(context('stage') ?? 'dev');
  const base = STAGES[stage];
  if (!base) throw new Error(`unknown stage ${stage}: one of ${Object.keys(STAGES).join(', ')}`);
  const region = String(context('region') ?? base.region);
  const issuer = context('jwtIssuer');
  const config: StageConfig = {
    ...base,
    stage,
    region,
    jwt: issuer
      ? { issuer: String(issuer), audience: String(context('jwtAudience') ?? 'minyi-api') }
      : base.jwt,
  };
  if (isChinaRegion(region)) {
    // No SES and no SNS SMS in Beijing/Ningxia (TOOLCHAIN.md): SMTP and an SMS topic instead.
    if (config.mail.transport === 'ses') config.mail = { transport: 'smtp', from: config.mail.from };
    config.sms = 'topic';
    // Cognito user pools may be missing there: an issuer must be configured.
    config.jwt ??= { issuer: 'https://sso.jxfy.example.cn', audience: 'minyi-api' };
  }
  return config;
}

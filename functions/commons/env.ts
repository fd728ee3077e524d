import * as z from 'zod/mini';

/**
 * The functions' environment: one schema, parsed once, at the composition point. A deployment that
 * forgot a variable, or set one to a value we do not know, fails at the first call with the
 * variable's name, never with a silent default. infra/ sets these names (its types come from here).
 */
export const MAIL_TRANSPORTS = ['outbox', 'ses', 'smtp'] as const;
export const SMS_TRANSPORTS = ['outbox', 'sns', 'topic'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];
export type SmsTransport = (typeof SMS_TRANSPORTS)[number];

const present = z.string().check(z.minLength(1));
const url = z.url();

const Env = z
  .object({
    TABLE_NAME: present,
    IDEMPOTENCY_TABLE_NAME: present,
    /** On Lambda the bundle carries config/ next to the handler; locally the project's config/. */
    CONFIG_DIR: z.optional(present),
    /** dynalite's endpoint locally; unset on AWS (the SDK finds the regional endpoint). */
    DYNAMODB_ENDPOINT: z.optional(url),
    MAIL_TRANSPORT: z.enum(MAIL_TRANSPORTS),
    MAIL_FROM: z.optional(present),
    SMTP_SECRET_ARN: z.optional(present),
    SMS_TRANSPORT: z.enum(SMS_TRANSPORTS),
    SMS_TOPIC_ARN: z.optional(present),
    /** Only the functions that start order clocks have it; the port checks at first use. */
    STATE_MACHINE_ARN: z.optional(present),
    /** The OIDC issuer whose tokens the public routes accept (staff routes: the JWT authorizer). */
    JWT_ISSUER: z.optional(url),
    JWT_AUDIENCE: z.optional(present),
    /** Where emails send staff (`${DESK_URL}/orders/<id>`) and SMS send citizens to rate. */
    DESK_URL: url,
    RATING_URL: url,
    /**
     * Citizens' secrets (issue 12): on AWS one Secrets Manager secret, JSON
     * `{"sessionKey","phoneHashKey","wechatAppId","wechatAppSecret","wechatTemplates":{"accepted","replied","closed","rating"}}`,
     * read on first use; locally the five variables below instead. A function that needs them and
     * has neither fails at that first use, naming what is missing.
     */
    CITIZEN_SECRETS_ARN: z.optional(present),
    /** Signs citizens' session tokens (HS256) and keys the hash of an openid that names them. */
    CITIZEN_SESSION_KEY: z.optional(z.string().check(z.minLength(32))),
    /** Keys the hash of a phone number that finds a caller's requests. */
    PHONE_HASH_KEY: z.optional(z.string().check(z.minLength(32))),
    WECHAT_APP_ID: z.optional(present),
    WECHAT_APP_SECRET: z.optional(present),
    /** JSON: the subscription template id of each notice, `{"accepted","replied","closed","rating"}`. */
    WECHAT_TEMPLATES: z.optional(present),
    /** WeChat's API (`https://api.weixin.qq.com`), or the local stand-in's address. */
    WECHAT_API_BASE_URL: z.optional(url),
    /** Days after a request is settled or its order closed that its personal data is erased. */
    PERSONAL_DATA_RETENTION_DAYS: z.optional(z.string().check(z.regex(/^[1-9]\d{0,4}$/))),
    /**
     * `off` stops counting the per-client limits (domain/client-limits.ts): only for a load test or a
     * simulation on one machine, where every citizen is the same address. @default on
     */
    CLIENT_LIMITS: z.optional(z.enum(['on', 'off'])),
    /**
     * The OpenAPI document's file, built at build time (functions/api/openapi-document.ts): beside
     * the bundle on Lambda, written by the local stack at start. Only the OpenAPI function reads it.
     */
    OPENAPI_DOCUMENT: z.optional(present),
    /** Issue 20: reply rounds judged in a month below which a court is listed apart from the ranking. @default 5 */
    RANKING_MIN_ORDERS: z.optional(z.string().check(z.regex(/^\d{1,4}$/))),
  })
  .check(
    z.refine((e) => e.MAIL_TRANSPORT === 'outbox' || e.MAIL_FROM !== undefined, {
      message: 'MAIL_FROM is required with MAIL_TRANSPORT ses or smtp',
      path: ['MAIL_FROM'],
    }),
    z.refine((e) => e.MAIL_TRANSPORT !== 'smtp' || e.SMTP_SECRET_ARN !== undefined, {
      message: 'SMTP_SECRET_ARN is required with MAIL_TRANSPORT smtp',
      path: ['SMTP_SECRET_ARN'],
    }),
    z.refine((e) => e.SMS_TRANSPORT !== 'topic' || e.SMS_TOPIC_ARN !== undefined, {
      message: 'SMS_TOPIC_ARN is required with SMS_TRANSPORT topic',
      path: ['SMS_TOPIC_ARN'],
    }),
    z.refine((e) => (e.JWT_ISSUER === undefined) === (e.JWT_AUDIENCE === undefined), {
      message: 'JWT_ISSUER and JWT_AUDIENCE go together',
      path: ['JWT_AUDIENCE'],
    }),
  );

export type Environment = z.infer<typeof Env>;
/** The variables as infra/ sets them on a function: the names are this schema's, so a typo fails the type-check. */
export type FunctionEnvironment = { [K in keyof Environment]?: string };

/** Reads the environment; throws naming every variable that is missing or wrong. */
export function parseEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  // An empty variable is an unset one.
  const values = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = Env.safeParse(values);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
  throw new Error(`the environment is not complete: ${problems.join('; ')}`);
}

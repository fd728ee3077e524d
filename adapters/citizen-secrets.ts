import type { Environment } from '../functions/commons/env';

/** The notices a citizen may subscribe to, one WeChat subscription template each. */
export const NOTICE_KINDS = ['accepted', 'replied', 'closed', 'rating'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * What citizens' features need and the repo never holds: the key that signs their session tokens,
 * the key of the phone hash, the mini program's credentials and its subscription templates.
 */
export interface CitizenSecrets {
  sessionKey: string;
  phoneHashKey: string;
  wechat: { appId: string; appSecret: string; templates: Record<NoticeKind, string> };
}

/**
 * Reads the secrets once: from Secrets Manager when the deployment names a secret (AWS), else from
 * the environment (the local stack generates them into its data folder). Never logged.
 */
export async function loadCitizenSecrets(env: Environment): Promise<CitizenSecrets> {
  return check(await readCitizenSecrets(env));
}

/**
 * The session key alone, from the same secret: a stack generates it at its first deploy, before an
 * operator enters WeChat's fields, so what needs only it (list cursors, adapters/list-cursors.ts)
 * works from the first day.
 */
export async function loadSessionKey(env: Environment): Promise<string> {
  const { sessionKey } = await readCitizenSecrets(env);
  if (typeof sessionKey !== 'string' || sessionKey.length < 32)
    throw new Error('citizen secrets incomplete (CITIZEN_SECRETS_ARN, or CITIZEN_SESSION_KEY): sessionKey');
  return sessionKey;
}

async function readCitizenSecrets(env: Environment): Promise<Record<string, unknown>> {
  if (env.CITIZEN_SECRETS_ARN) {
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const out = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: env.CITIZEN_SECRETS_ARN }),
    );
    const raw = JSON.parse(out.SecretString ?? '{}') as Record<string, unknown>;
    return {
      sessionKey: raw.sessionKey,
      phoneHashKey: raw.phoneHashKey,
      appId: raw.wechatAppId,
      appSecret: raw.wechatAppSecret,
      templates: raw.wechatTemplates,
    };
  }
  return {
    sessionKey: env.CITIZEN_SESSION_KEY,
    phoneHashKey: env.PHONE_HASH_KEY,
    appId: env.WECHAT_APP_ID,
    appSecret: env.WECHAT_APP_SECRET,
    templates: env.WECHAT_TEMPLATES ? JSON.parse(env.WECHAT_TEMPLATES) : undefined,
  };
}

function check(raw: Record<string, unknown>): CitizenSecrets {
  const missing: string[] = [];
  const str = (name: string, min = 1) => {
    const v = raw[name];
    if (typeof v !== 'string' || v.length < min) missing.push(name);
    return String(v);
  };
  const sessionKey = str('sessionKey', 32);
  const phoneHashKey = str('phoneHashKey', 32);
  const appId = str('appId');
  const appSecret = str('appSecret');
  const t = (raw.templates ?? {}) as Record<string, unknown>;
  const templates = {} as Record<NoticeKind, string>;
  for (const kind of NOTICE_KINDS) {
    if (typeof t[kind] !== 'string' || t[kind] === '') missing.push(`templates.${kind}`);
    templates[kind] = String(t[kind]);
  }
  // Names only: a value never appears in an error.
  if (missing.length)
    throw new Error(
      `citizen secrets incomplete (CITIZEN_SECRETS_ARN, or CITIZEN_SESSION_KEY, PHONE_HASH_KEY, WECHAT_APP_ID, WECHAT_APP_SECRET, WECHAT_TEMPLATES): ${missing.join(', ')}`,
    );
  return { sessionKey, phoneHashKey, wechat: { appId, appSecret, templates } };
}

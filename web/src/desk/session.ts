import type { OidcSettings, PagesConfig } from '../shared/config';

/**
 * Who is signed in at the desk. Locally, a person picks a role, a court and a name and the local
 * issuer signs a token (POST /_local/sign-in, the same tokens as `npm run token`). On AWS, the
 * authorization code flow with PKCE (oidc-client-ts) against the stack's Cognito user pool or a
 * China stage's OIDC issuer; the ID token names the role and court (Cognito groups `role:…`/`court:…`,
 * or an issuer's `role`/`court` claims).
 * Tokens live in sessionStorage for the tab, and never in a URL.
 */
export type Role = 'agent' | 'handler' | 'supervisor' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'handler', 'supervisor', 'auditor', 'admin'];
/** The one unit the API knows: a court's supervision office (监察室), which alone works complaints at its court. */
export type Unit = 'supervision';

export interface Person {
  token: string;
  role: Role;
  court: string;
  /** Set for a member of the court's supervision office (claim `unit`, or the group `unit:supervision`). */
  unit?: Unit;
  name: string;
  /** The token's subject: how the API names this person in an order's history. */
  sub: string;
  expiresAt: number;
}

const KEY = 'minyi.desk.person';

export function currentPerson(): Person | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const person = JSON.parse(raw) as Person;
  if (person.expiresAt * 1000 <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return person;
}

function remember(person: Person): Person {
  sessionStorage.setItem(KEY, JSON.stringify(person));
  return person;
}

/**
 * Forgets the person here. Returns where to go to end the identity provider's own session, when
 * it has a page for that (Cognito's /logout, back to the desk), else null.
 */
export function signOut(config: PagesConfig): string | null {
  sessionStorage.removeItem(KEY);
  if (config.auth.mode !== 'oidc' || !config.auth.signInDomain) return null;
  const query = new URLSearchParams({
    client_id: config.auth.clientId,
    logout_uri: `${window.location.origin}/desk/`,
  });
  return `${config.auth.signInDomain}/logout?${query}`;
}

/**
 * Local only: the stack signs a token for the role, court and name chosen, and the unit when the
 * person works in the court's supervision office.
 */
export async function signInLocally(role: Role, court: string, name: string, unit?: Unit): Promise<Person> {
  const res = await fetch('/_local/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, court, name, ...(unit ? { unit } : {}) }),
  });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (!res.ok || !body.token) throw new Error(body.error?.message ?? `sign-in: ${res.status}`);
  return remember(fromToken(body.token, name));
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

function fromToken(token: string, name?: string): Person {
  const c = claimsOf(token);
  // As the API reads them (functions/commons/http/claims.ts): an OIDC issuer's `role`, `court` and
  // `unit`, or the Cognito groups `role:<role>`, `court:<code>` and `unit:<unit>` an administrator put the person in.
  const groups = Array.isArray(c['cognito:groups']) ? (c['cognito:groups'] as unknown[]).map(String) : [];
  const group = (prefix: string) => {
    const found = groups.filter((g) => g.startsWith(prefix));
    return found.length === 1 ? found[0]!.slice(prefix.length) : '';
  };
  const role = String(c.role ?? group('role:')) as Role;
  const court = String(c.court ?? group('court:'));
  if (!ROLES.includes(role) || !court) throw new Error('此账号未配置角色或法院，请联系管理员');
  const unit = String(c.unit ?? group('unit:'));
  const sub = String(c.sub ?? '');
  return {
    token,
    role,
    court,
    ...(unit === 'supervision' ? { unit } : {}),
    sub,
    name: name ?? String(c.name ?? c.email ?? sub),
    expiresAt: Number(c.exp ?? 0),
  };
}

async function userManager(settings: OidcSettings) {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: `${window.location.origin}/desk/callback`,
    post_logout_redirect_uri: `${window.location.origin}/desk/`,
    response_type: 'code',
    scope: settings.scope ?? 'openid email profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** Leaves for the identity provider (code + PKCE); `next` is where to come back to. */
export async function startOidcSignIn(config: PagesConfig, next: string): Promise<void> {
  if (config.auth.mode !== 'oidc') throw new Error('not an OIDC deployment');
  await (await userManager(config.auth)).signinRedirect({ state: { next } });
}

/** Back from the identity provider: exchanges the code, keeps the ID token (it carries role and court). */
export async function completeOidcSignIn(config: PagesConfig): Promise<{ person: Person; next: string }> {
  if (config.auth.mode !== 'oidc') throw new Error('not an OIDC deployment');
  const user = await (await userManager(config.auth)).signinRedirectCallback();
  if (!user.id_token) throw new Error('the identity provider gave no ID token');
  const next = (user.state as { next?: string } | undefined)?.next ?? '/desk/';
  return { person: remember(fromToken(user.id_token)), next };
}

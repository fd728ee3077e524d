/**
 * What the pages are told at run time by the origin that serves them (GET /config.json): where
 * the API is, and how staff sign in. Locally `npm start` answers it (local sign-in); on AWS the
 * deployment writes it next to the pages (the stack's Cognito user pool, or a China stage's OIDC
 * issuer), so one build serves every stage.
 */
export interface OidcSettings {
  mode: 'oidc';
  /** The issuer: a Cognito user pool (https://cognito-idp.<region>.amazonaws.com/<pool>) or the courts' IdP. */
  authority: string;
  clientId: string;
  /** @default 'openid email profile' */
  scope?: string;
  /**
   * Cognito's sign-in domain (`https://<prefix>.auth.<region>.amazoncognito.com`): its /logout ends
   * the hosted session too (Cognito's discovery document names no end-session endpoint). Absent
   * for other issuers.
   */
  signInDomain?: string;
}

export interface PagesConfig {
  /** The API's origin; '' when it is the pages' own. */
  apiBaseUrl: string;
  auth: { mode: 'local' } | OidcSettings;
}

let loaded: Promise<PagesConfig> | null = null;

export function pagesConfig(): Promise<PagesConfig> {
  loaded ??= fetch('/config.json', { headers: { accept: 'application/json' } }).then(async (res) => {
    if (!res.ok) throw new Error(`config.json: ${res.status}`);
    return (await res.json()) as PagesConfig;
  });
  return loaded;
}

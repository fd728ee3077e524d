import type { Browser } from 'playwright-core';
import type { TestStack } from '../support/local';
import { synthesizedSignIn } from '../support/sign-in';
import { closeBrowserStack, openBrowserStack, signInAtIssuer, startOidcIssuer } from './support';

/**
 * Issue 22: sign-in under the exact CSP the template gives CloudFront, in Chromium, for a global
 * stage (Cognito) and for Beijing (the courts' issuer). The issuer's origins in the policy are
 * replaced by a real local OIDC issuer (oidc-provider) standing in for them, and nothing else
 * changes: before the policy admitted the issuer, the desk's discovery fetch was refused and the
 * sign-in button did nothing.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;
beforeAll(async () => {
  ({ t, browser } = await openBrowserStack());
});
afterAll(async () => {
  await closeBrowserStack(t, browser);
  for (const name of [
    'WEB_CONTENT_SECURITY_POLICY',
    'WEB_OIDC_AUTHORITY',
    'WEB_OIDC_CLIENT_ID',
    'WEB_OIDC_SCOPE',
  ])
    delete process.env[name];
});

test.each(['global', 'china'] as const)(
  '%s: a person signs in under the template’s CSP, with no violation',
  async (stage) => {
    const { csp, config } = synthesizedSignIn(stage);
    const issuer = await startOidcIssuer(`${t.stack.url}/desk/callback`);
    try {
      // The issuer's own origins (Cognito's issuer and sign-in domain, or the courts' IdP) become the
      // stand-in's; the rest of the policy is the template's, word for word.
      const standIns =
        stage === 'global' ? [config.auth.authority, config.auth.signInDomain] : [config.auth.authority];
      let served = csp;
      for (const url of standIns) served = served.replaceAll(new URL(url).origin, issuer.origin);
      expect(served).not.toBe(csp);
      Object.assign(process.env, {
        WEB_CONTENT_SECURITY_POLICY: served,
        WEB_OIDC_AUTHORITY: issuer.origin,
        WEB_OIDC_CLIENT_ID: 'desk-web',
        WEB_OIDC_SCOPE: 'openid profile staff',
      });
      const page = await (await browser.newContext()).newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      const response = await page.goto(`${t.stack.url}/desk/orders`);
      expect(response?.headers()['content-security-policy']).toBe(served);
      await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
      await page.waitForURL(new RegExp(`^${issuer.origin}/`));
      await signInAtIssuer(page, '陈法官');
      await page.getByTestId('who').filter({ hasText: '陈法官 · 法院承办人 · 弋阳法院' }).waitFor();
      await page.waitForURL(`${t.stack.url}/desk/orders`);
      expect(violations).toEqual([]);
      await page.context().close();
    } finally {
      issuer.stop();
    }
  },
);

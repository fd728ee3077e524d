import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startTestStack, type TestStack } from '../support/local';

/**
 * A real OpenID Connect issuer (oidc-issuer.mjs, oidc-provider) for the public client `desk-web`
 * coming back to `redirectUri`; any login and password; groups role:handler and court:赣1126.
 */
export async function startOidcIssuer(redirectUri: string): Promise<{ origin: string; stop(): void }> {
  const issuer = spawn(process.execPath, [join(__dirname, 'oidc-issuer.mjs')], {
    env: { ...process.env, REDIRECT_URI: redirectUri },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    issuer.once('exit', (code) => reject(new Error(`issuer exited with ${code}`)));
    createInterface({ input: issuer.stdout! }).on('line', (line) => {
      if (line.startsWith('@@')) resolve((JSON.parse(line.slice(2)) as { listening: number }).listening);
    });
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => issuer.kill() };
}

/** Signs in at the issuer's own pages (oidc-provider's development login and consent). */
export async function signInAtIssuer(page: Page, name: string): Promise<void> {
  await page.locator('input[name=login]').fill(name);
  await page.locator('input[name=password]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Debian's Chromium (installed by .ci/run), driven by playwright-core: no browser download. The
 * flags keep it off the network this machine does not have; playwright gives it a new empty profile.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * What a browser test file starts in its beforeAll: the pages as `npm start` serves them (built now
 * if web/dist is missing or older than web/), Debian's Chromium, and a local stack whose clock
 * starts at `startAt`. `closeBrowserStack` in afterAll stops both, even after a failed start.
 */
export async function openBrowserStack(startAt?: Date): Promise<{ t: TestStack; browser: Browser }> {
  execFileSync('node_modules/.bin/tsx', ['web/scripts/build.ts', '--if-stale'], { stdio: 'inherit' });
  const browser = await launchChromium();
  try {
    return { t: await startTestStack({ startAt }), browser };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function closeBrowserStack(t?: TestStack, browser?: Browser): Promise<void> {
  await browser?.close();
  await t?.stop();
}

export type Role = 'agent' | 'handler' | 'supervisor' | 'auditor' | 'admin';
const ROLE_LABEL: Record<Role, string> = {
  agent: '中心坐席',
  handler: '法院承办人',
  supervisor: '督办员',
  auditor: '审计员',
  admin: '管理员',
};

/** A member of the center's own staff (the high court, 赣), as `signIn` takes them. */
export const atCenter = (role: Role, name: string) =>
  ({ role, court: '赣', courtName: '江西省高级人民法院', name }) as const;

/**
 * Picks an option by what it says, as a person does: in a plain <select> the option whose text
 * contains `option`; in a combobox (the court pickers, Ant Design's Select) by typing `search`
 * (part of the name, or the code) and clicking the option that shows `option`.
 */
export async function choose(page: Page, label: string, option: string, search = option): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  if ((await box.evaluate((e) => e.tagName)) === 'SELECT') {
    const value = await box.locator('option', { hasText: option }).first().getAttribute('value');
    await box.selectOption(value ?? '');
    return;
  }
  if (await box.evaluate((e) => e.closest('.ant-select') !== null)) {
    await box.click();
    if ((await box.getAttribute('readonly')) === null) await box.fill(search);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first()
      .click();
    return;
  }
  await box.fill(search);
  const list = page.locator(`[id="${await box.getAttribute('aria-controls')}"]`);
  await list.getByRole('option').filter({ hasText: option }).first().click();
  await list.waitFor({ state: 'hidden' });
}

/**
 * Signs a person in on the local sign-in page (where an unsigned visit is sent), in a context
 * of their own so that each person has their own session, as on their own computer. A member of
 * the court's supervision office (监察室) signs in with `unit: 'supervision'`.
 */
export async function signIn(
  context: BrowserContext,
  url: string,
  who: { role: Role; court: string; courtName: string; name: string; unit?: 'supervision' },
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForURL(/\/desk\/sign-in/);
  await choose(page, '角色', ROLE_LABEL[who.role]);
  await choose(page, '法院', who.courtName);
  if (who.unit) await choose(page, '部门', '监察室');
  await page.getByLabel('姓名', { exact: true }).fill(who.name);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').filter({ hasText: who.name }).waitFor();
  return page;
}

/** A citizen on a phone-sized touch screen, in a context of their own, at `url`. */
export async function onPhone(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/**
 * The API calls of `page` that were refused (4xx) or failed (5xx), as `METHOD path status`, from
 * now on: a page in a normal day's work issues none (it checks what it can before it asks).
 */
export function failingCalls(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (res) => {
    const path = new URL(res.url()).pathname;
    if (path.startsWith('/v1/') && res.status() >= 400)
      failed.push(`${res.request().method()} ${path} ${res.status()}`);
  });
  return failed;
}

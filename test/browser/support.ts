import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

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

export type Role = 'agent' | 'handler' | 'supervisor' | 'auditor';
const ROLE_LABEL: Record<Role, string> = {
  agent: '中心坐席',
  handler: '法院承办人',
  supervisor: '督办员',
  auditor: '审计员',
};

/** Picks an option of an Ant Design Select by typing into its search and choosing the match. */
export async function choose(page: Page, label: string, option: string, search = option): Promise<void> {
  const box = page.getByLabel(label, { exact: true });
  await box.click();
  if ((await box.getAttribute('readonly')) === null) await box.fill(search);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
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
  await choose(page, '法院', who.courtName, who.court);
  if (who.unit) await choose(page, '部门', '监察室');
  await page.getByLabel('姓名', { exact: true }).fill(who.name);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').filter({ hasText: who.name }).waitFor();
  return page;
}

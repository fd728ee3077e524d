import type { Browser, Locator, Page } from 'playwright-core';
import { PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * The court pickers are searched as an agent on a call searches them: with a Chinese input method,
 * typing part of a name (a native <select> cannot be: the composition never reaches a closed
 * select, and the agent scrolled 115 names). Chromium's own IME path (DevTools' imeSetComposition,
 * then the committed text) types the pinyin and commits the characters; the keyboard picks.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;
beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

/** The combobox named `label`, its listbox and what it says when nothing matches. */
function picker(page: Page, label: string) {
  const box = page.getByRole('combobox', { name: label, exact: true });
  return { box, status: box.locator('..').getByRole('status') };
}

/**
 * Clicks into `box` and types `hanzi` through an input method: the pinyin is composed letter by
 * letter (the list is not filtered by those Latin letters: nothing is said to match nothing), then
 * the characters are committed.
 */
async function typeWithInputMethod(page: Page, box: Locator, pinyin: string, hanzi: string) {
  await box.click();
  const cdp = await page.context().newCDPSession(page);
  for (let i = 1; i <= pinyin.length; i++)
    await cdp.send('Input.imeSetComposition', {
      text: pinyin.slice(0, i),
      selectionStart: i,
      selectionEnd: i,
    });
  expect(await page.getByText('无匹配的法院').count()).toBe(0);
  await cdp.send('Input.insertText', { text: hanzi });
  await cdp.detach();
  expect(await box.inputValue()).toBe(hanzi);
}

/** Arrows down to the option that says `text` (checking the combobox points at it), then Enter. */
async function pickWithKeys(page: Page, box: Locator, text: string) {
  const options = await box.locator('..').getByRole('listbox').getByRole('option').allTextContents();
  const at = options.findIndex((o) => o.includes(text));
  expect(at).toBeGreaterThanOrEqual(0);
  const active = async () => page.locator(`[id="${await box.getAttribute('aria-activedescendant')}"]`);
  for (let i = 0; i < at; i++) await box.press('ArrowDown');
  expect(await (await active()).textContent()).toContain(text);
  expect(await (await active()).getAttribute('aria-selected')).toBe('true');
  await box.press('Enter');
  expect(await box.getAttribute('aria-expanded')).toBe('false');
}

test('sign-in: a handler types 弋阳 with an input method, picks it with Enter, and is signed in as 弋阳法院’s', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${t.stack.url}/desk/`);
  await page.waitForURL(/\/desk\/sign-in/);
  await page.getByLabel('角色', { exact: true }).selectOption({ label: '法院承办人' });
  const { box } = picker(page, '法院');
  await typeWithInputMethod(page, box, 'yiyang', '弋阳');
  expect(await box.locator('..').getByRole('listbox').getByRole('option').allTextContents()).toEqual([
    '弋阳县人民法院（赣1126）',
  ]);
  await pickWithKeys(page, box, '弋阳县人民法院（赣1126）');
  expect(await box.inputValue()).toBe('弋阳县人民法院（赣1126）');
  await page.getByLabel('姓名', { exact: true }).fill('陈法官');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('who').filter({ hasText: '陈法官 · 法院承办人 · 弋阳法院' }).waitFor();
});

test('intake: 上饶 lists 上饶中院 with the courts below it; arrows and Enter pick 弋阳县人民法院, and the request goes there', async () => {
  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/`, atCenter('agent', '李坐席'));
  await page.waitForURL(/\/desk\/intake$/);
  await page.getByLabel('来电人姓名').fill('赵六');
  await page.getByLabel('联系电话').fill('13955556666');
  await page.getByLabel('诉求内容').fill('想了解立案需要哪些材料。');
  const { box } = picker(page, '涉及法院');
  await typeWithInputMethod(page, box, 'shangrao', '上饶');
  const listed = await box.locator('..').getByRole('listbox').getByRole('option').allTextContents();
  expect(listed[0]).toBe('上饶市中级人民法院（赣11）');
  // The county courts under 上饶 are found by their intermediate court's name too.
  expect(listed).toContain('弋阳县人民法院（赣1126）');
  expect(listed.every((o) => o.includes('（赣11'))).toBe(true);
  // Enter picks in the open list: it does not send the form.
  await pickWithKeys(page, box, '弋阳县人民法院（赣1126）');
  expect(page.url()).toMatch(/\/desk\/intake$/);
  await page.getByRole('button', { name: '登记诉求' }).click();
  await page.waitForURL(/\/desk\/requests\/\w+$/);
  await page.getByTestId('routing').getByText('将派至：弋阳县人民法院').waitFor();
  const trackingNo = page.url().split('/').at(-1)!;
  const filed = await t.call('GET', `/v1/requests/${trackingNo}`, { token: await t.token('agent', '赣') });
  expect(filed.body).toMatchObject({ channel: 'hotline', courtCode: '赣1126', caseNumber: null });
});

test('a fragment that matches no court says 无匹配的法院; Escape puts the chosen court back', async () => {
  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/`, atCenter('agent', '周坐席'));
  await page.waitForURL(/\/desk\/intake$/);
  const { box, status } = picker(page, '涉及法院');
  await typeWithInputMethod(page, box, 'beijing', '北京');
  expect(await status.textContent()).toBe('无匹配的法院');
  expect(await box.locator('..').getByRole('listbox').isVisible()).toBe(false);
  // Enter with nothing to pick sends nothing.
  await box.press('Enter');
  expect(page.url()).toMatch(/\/desk\/intake$/);
  await box.press('Escape');
  expect(await box.inputValue()).toBe('');
  expect(await status.textContent()).toBe('');

  // The code finds a court too, and a click picks it.
  await box.fill('赣1126');
  await page.getByRole('option', { name: '弋阳县人民法院（赣1126）' }).click();
  expect(await box.inputValue()).toBe('弋阳县人民法院（赣1126）');
  await box.fill('不存在的法院');
  await page.getByText('无匹配的法院').waitFor();
  await box.press('Escape');
  expect(await box.inputValue()).toBe('弋阳县人民法院（赣1126）');
});

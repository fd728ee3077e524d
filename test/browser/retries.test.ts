import type { Browser, Page, Route } from 'playwright-core';
import { getContainer } from '../../functions/commons/container';
import { PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * Retries are safe from the pages too: when the answer to a filing is lost on the way back (a
 * dropped connection, a phone that went offline after sending), the page says so in Chinese and
 * the person's second press returns the request the first one filed, never a second request. The
 * first answer is cut after the server has written it, as a network failure would.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;
beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

/** The first POST /v1/requests reaches the server, and its answer never reaches the page. */
async function loseFirstFilingAnswer(page: Page): Promise<{ cut: number }> {
  const seen = { cut: 0 };
  await page.route(
    (url) => url.pathname === '/v1/requests',
    async (route: Route) => {
      if (route.request().method() !== 'POST' || seen.cut > 0) return route.continue();
      seen.cut++;
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      await route.abort('connectionreset');
    },
  );
  return seen;
}

const requestsOf = async (phone: string) => {
  const agent = await t.token('agent', '赣');
  const found = await t.call('GET', `/v1/requests?phone=${phone}`, { token: agent });
  expect(found.status).toBe(200);
  return found.body.items as { trackingNo: string }[];
};

test('desk intake: a lost answer is said in Chinese, and pressing again files nothing twice', async () => {
  const page = await signIn(
    await browser.newContext(),
    `${t.stack.url}/desk/intake`,
    atCenter('agent', '王坐席'),
  );
  const lost = await loseFirstFilingAnswer(page);
  await page.getByLabel('来电人姓名').fill('钱重试');
  await page.getByLabel('联系电话').fill('13911112222');
  await page.getByLabel('诉求内容').fill('想了解案件进展。');
  await page.getByRole('button', { name: '登记诉求' }).click();
  await page.getByText('网络连接中断，未收到答复').waitFor();
  expect(lost.cut).toBe(1);

  await page.getByRole('button', { name: '登记诉求' }).click();
  await page.waitForURL(/\/desk\/requests\/[^/]+$/);
  const filed = await requestsOf('13911112222');
  expect(filed).toHaveLength(1);
  expect(decodeURIComponent(page.url())).toContain(filed[0]!.trackingNo);
});

test('/file on a phone: a lost answer is said in Chinese, and pressing again shows the one receipt', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${t.stack.url}/file`);
  const lost = await loseFirstFilingAnswer(page);
  await page.getByLabel('诉求类别').selectOption('litigation_guidance');
  await page.getByLabel('诉求内容').fill('想咨询立案需要准备哪些材料。');
  await page.getByLabel('姓名').fill('孙重试');
  await page.getByLabel('手机号码').fill('13622223333');
  await page.getByRole('combobox', { name: '涉及法院' }).fill('弋阳');
  await page.getByRole('option', { name: '弋阳县人民法院（赣1126）' }).click();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('网络连接中断，未收到答复').waitFor();
  expect(lost.cut).toBe(1);

  await page.getByRole('button', { name: '提交' }).click();
  const receipt = page.getByTestId('receipt');
  await receipt.waitFor();
  const filed = await requestsOf('13622223333');
  expect(filed).toHaveLength(1);
  expect(await receipt.textContent()).toContain(filed[0]!.trackingNo);
});

test('desk intake while the SMS provider is down: the request is filed and the agent is given the code to read out', async () => {
  const page = await signIn(
    await browser.newContext(),
    `${t.stack.url}/desk/intake`,
    atCenter('agent', '王坐席'),
  );
  getContainer().outbox!.failNextSms(1);
  await page.getByLabel('来电人姓名').fill('周停机');
  await page.getByLabel('联系电话').fill('13933334444');
  await page.getByLabel('诉求内容').fill('想了解案件进展。');
  await page.getByRole('button', { name: '登记诉求' }).click();
  await page.waitForURL(/\/desk\/requests\/[^/]+$/);
  const alert = page.getByRole('alert').filter({ hasText: '查询短信未能发出' });
  await alert.waitFor();
  const [, trackingNo, code] =
    /查询编号 (\S+)，查询码 (\S+?)（/.exec((await alert.textContent()) ?? '') ?? [];
  expect(decodeURIComponent(page.url())).toContain(trackingNo!);
  // The code read out is the request's own: the caller follows it on /track with it.
  const followed = await t.call('GET', `/v1/requests/${trackingNo}`, { headers: { 'x-access-code': code! } });
  expect(followed.status).toBe(200);
});

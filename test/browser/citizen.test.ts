import type { Browser, Page } from 'playwright-core';
import { pageWeights } from '../../bench/page-weight';
import { newOrder, PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, closeBrowserStack, failingCalls, onPhone, openBrowserStack, signIn } from './support';

/**
 * Issue 25, the people's half: every refusal a person meets is said in Chinese, naming the field
 * and what to do; a rating link says at once what it rates, or that it was used, expired or is
 * unknown; a hotline caller gets the tracking number and access code by SMS (once); /file checks
 * a mobile number as the API does, in Chinese, and lets the citizen choose the court; the citizen's
 * pages stay within their weight. Each is driven by the labels a person sees.
 */
jest.setTimeout(180_000);

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

/** Everything the page says in alerts and messages: no English sentence of the API's reaches it. */
async function expectNoEnglish(page: Page): Promise<void> {
  const said = await page.locator('[role=alert], .ant-message, .ant-alert').allTextContents();
  expect(said.join(' ')).not.toMatch(/[a-z]{3,} [a-z]{2,}/i);
}

test('a short phone at intake is refused in Chinese, naming what to write', async () => {
  const url = t.stack.url;
  const agent = await signIn(await browser.newContext(), `${url}/desk/intake`, atCenter('agent', '王坐席'));
  await agent.getByLabel('来电人姓名').fill('张小明');
  await agent.getByLabel('联系电话').fill('12345');
  await agent.getByLabel('诉求内容').fill('想了解案件进展。');
  await agent.getByRole('button', { name: '登记诉求' }).click();
  await agent.getByText('请填写11位手机号码').first().waitFor();
  await expectNoEnglish(agent);
});

test('a wrong access code on /track is said in Chinese', async () => {
  const url = t.stack.url;
  const order = await newOrder(t);
  const citizen = await onPhone(browser, `${url}/track?no=${order.trackingNo}`);
  await citizen.getByLabel('查询码').fill('00000000');
  await citizen.getByRole('button', { name: '查询' }).click();
  await citizen.getByRole('alert').filter({ hasText: '查询编号或查询码不正确' }).waitFor();
  await expectNoEnglish(citizen);
});

test('a late return says in Chinese when the window closed, in Beijing time', async () => {
  const url = t.stack.url;
  const order = await newOrder(t);
  // Dispatched on PLAIN_MONDAY (no earlier test moves the clock): the window closed on Tuesday at
  // 17:30 Beijing time, the end of the next working day.
  // The page was opened while a return was still possible (so it offers one), and the handler
  // sends it after the window closed: the server's refusal is what the handler reads.
  const handler = await signIn(await browser.newContext(), `${url}/desk/orders/${order.orderId}`, {
    role: 'handler',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '周法官',
  });
  await handler.getByLabel('退回理由').fill('不属我院管辖');
  await t.advance({ advance: 'P3D' });
  await handler.getByRole('button', { name: '退回中心' }).click();
  await handler.getByText('退回期限已于 2026年3月10日 17:30（北京时间）截止').waitFor();
  await expectNoEnglish(handler);
});

test('a rating link says at once what it rates, or that it was used, has expired or is unknown', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const filed = await t.call('POST', '/v1/requests', {
    token: agent,
    body: {
      channel: 'hotline',
      category: 'case_progress',
      content: '想了解案件进展。',
      contact: { name: '李四', phone: '13500135000' },
      courtCode: '赣1126',
    },
  });
  expect(filed.status).toBe(201);
  const minted = await t.call('POST', '/v1/evaluation-tokens', {
    token: agent,
    body: { channel: 'hotline', subject: filed.body.requestId },
  });
  expect(minted.status).toBe(201);

  const page = await onPhone(browser, 'about:blank');
  const failed = failingCalls(page);
  await page.goto(minted.body.url);
  await page.getByText('弋阳县人民法院').waitFor();
  await page.getByText(filed.body.trackingNo).waitFor();
  expect(await page.getByText('李四').count()).toBe(0);
  await page.getByText('基本满意', { exact: true }).click();
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByRole('status').getByText('感谢您的评价').waitFor();

  // Opened again: said at once, with nothing to choose, and no refused call behind it.
  await page.goto(minted.body.url);
  await page.getByText('您已评价过').waitFor();
  expect(await page.getByRole('button', { name: '提交' }).count()).toBe(0);
  expect(failed).toEqual([]);

  await page.goto(`${url}/rate?token=R-hotline-RQ20260309000000.madeup`);
  await page.getByText('评价链接无效').waitFor();
  expect(await page.getByRole('button', { name: '提交' }).count()).toBe(0);

  const window = await t.call('POST', '/v1/evaluation-tokens', {
    token: agent,
    body: { channel: 'window', subject: '赣1126-W01' },
  });
  await t.advance({ advance: 'P2D' });
  await page.goto(window.body.url);
  await page.getByText('评价链接已过期').waitFor();
  expect(await page.getByRole('button', { name: '提交' }).count()).toBe(0);
});

test('a hotline caller gets the tracking number and access code by SMS, once, and can follow it', async () => {
  const url = t.stack.url;
  const agent = await signIn(await browser.newContext(), `${url}/desk/intake`, atCenter('agent', '王坐席'));
  await agent.getByLabel('来电人姓名').fill('赵六');
  await agent.getByLabel('联系电话').fill('13700137000');
  await agent.getByLabel('诉求内容').fill('执行款一直未到账。');
  await agent.getByRole('button', { name: '登记诉求' }).click();
  await agent.waitForURL(/\/desk\/requests\/\w+$/);
  const trackingNo = agent.url().split('/').at(-1)!;

  const sms = (await t.outbox()).filter((m) => m.kind === 'sms' && m.to === '13700137000');
  expect(sms).toHaveLength(1);
  expect(sms[0]!.text).toContain(trackingNo);
  const accessCode = /查询码\s*(\d{8})/.exec(sms[0]!.text)?.[1];
  expect(accessCode).toBeDefined();

  const caller = await onPhone(browser, `${url}/track?no=${trackingNo}`);
  await caller.getByLabel('查询码').fill(accessCode!);
  await caller.getByRole('button', { name: '查询' }).click();
  await caller.getByTestId('status').filter({ hasText: '已受理' }).waitFor();

  // The same intake sent again (a retry with its Idempotency-Key) files nothing and texts nothing more.
  const token = await t.token('agent', '赣');
  const body = {
    channel: 'hotline',
    category: 'enforcement',
    content: '执行款一直未到账。',
    contact: { name: '钱七', phone: '13700001111' },
  };
  const headers = { 'idempotency-key': 'hotline-retry-0001' };
  const first = await t.call('POST', '/v1/requests', { token, body, headers });
  const again = await t.call('POST', '/v1/requests', { token, body, headers });
  expect(again.body.trackingNo).toBe(first.body.trackingNo);
  const texts = (await t.outbox()).filter((m) => m.kind === 'sms' && m.to === '13700001111');
  expect(texts).toHaveLength(1);
});

test('/file checks the mobile number as the API does, in Chinese, and routes by the chosen court', async () => {
  const url = t.stack.url;
  const page = await onPhone(browser, 'about:blank');
  const failed = failingCalls(page);
  await page.goto(`${url}/file`);
  // Nothing filled in: the form says what is missing in Chinese (no browser bubble).
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('请填写诉求内容').waitFor();
  await page.getByText('请填写姓名').waitFor();
  await page.getByText('请填写手机号码').waitFor();

  await page.getByLabel('诉求类别').selectOption('litigation_guidance');
  await page.getByLabel('诉求内容').fill('想咨询立案需要准备哪些材料。');
  await page.getByLabel('姓名').fill('孙二');
  await page.getByLabel('手机号码').fill('1380013');
  // The court is found by typing part of its name, and tapped (nothing matches: it says so).
  const court = page.getByRole('combobox', { name: '涉及法院' });
  await court.fill('北京');
  await page.getByText('无匹配的法院').waitFor();
  await court.fill('弋阳');
  await page.getByRole('option', { name: '弋阳县人民法院（赣1126）' }).tap();
  expect(await court.inputValue()).toBe('弋阳县人民法院（赣1126）');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('请填写11位手机号码').waitFor();
  expect(await page.getByTestId('receipt').count()).toBe(0);
  // Checked on the page: the number never reached the API.
  expect(failed).toEqual([]);

  // The API refuses it too, naming the field.
  const refused = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'other',
      content: '测试',
      contact: { name: '孙二', phone: '1380013' },
    },
  });
  expect(refused.status).toBe(422);
  expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'contact.phone' })]);

  await page.getByLabel('手机号码').fill('13600136001');
  await page.getByRole('button', { name: '提交' }).click();
  const trackingNo = (await page.getByTestId('tracking-no').textContent())!.trim();
  const accessCode = (await page.getByTestId('access-code').textContent())!.trim();
  const filed = await t.call('GET', `/v1/requests/${trackingNo}`, {
    headers: { 'x-access-code': accessCode },
  });
  expect(filed.body).toMatchObject({ channel: 'web', courtCode: '赣1126', caseNumber: null });
});

test("the citizen's pages load at most 60 KB of gzipped JavaScript", () => {
  const citizen = pageWeights().filter((w) => w.page.startsWith('citizen'));
  expect(citizen.length).toBeGreaterThanOrEqual(1);
  for (const w of citizen)
    expect({ page: w.page, gzipKB: Math.min(w.gzipKB, 60) }).toEqual({ page: w.page, gzipKB: w.gzipKB });
});

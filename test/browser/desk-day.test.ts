import type { Browser } from 'playwright-core';
import { newOrder, PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, choose, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * Issue 25, the desk's half: what a new member of staff met doing a day's work through the pages,
 * each driven by the Chinese a person reads on them.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

const YIYANG = { role: 'handler', court: '赣1126', courtName: '弋阳县人民法院', name: '弋阳法官' } as const;

test('the order page offers only what the person may do now: no 退回中心 once its window has closed', async () => {
  // A suggestion has ten working days: on Wednesday it is on time, but Monday's order can no
  // longer be returned (1 working day after dispatch).
  const { orderId } = await newOrder(t, { category: 'suggestion' });
  await t.advance({ advance: 'P2D' });

  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/orders/${orderId}`, YIYANG);
  const actions = page.getByTestId('actions');
  await actions.getByRole('button', { name: '签收' }).waitFor();
  await actions.getByRole('button', { name: '申请延期（限一次）' }).waitFor();
  expect(await actions.getByRole('button', { name: '退回中心' }).count()).toBe(0);

  // The page shows what the API offers, and the API offers what its routes allow.
  const handler = await t.token('handler', '赣1126', '弋阳法官');
  const view = await t.call('GET', `/v1/orders/${orderId}`, { token: handler });
  expect(view.body.actions).toEqual(['accept', 'extension']);
  const refused = await t.call('POST', `/v1/orders/${orderId}/return`, {
    token: handler,
    body: { reason: '不属于本院' },
  });
  expect(refused.status).toBe(409);
  const agent = await t.token('agent', '赣');
  expect((await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).body.actions).toEqual(['urge']);
});

test('the history reads as Chinese sentences in Beijing time; the third failed callback tells the agent the rating SMS went out', async () => {
  const { orderId } = await newOrder(t, { category: 'suggestion' });
  const handler = await t.token('handler', '赣1126', '弋阳法官');
  const supervisor = await t.token('supervisor', '赣1126', '何督办');
  const post = async (path: string, token: string, body: unknown = {}) =>
    expect((await t.call('POST', `/v1/orders/${orderId}/${path}`, { token, body })).status).toBe(200);
  await post('accept', handler);
  await post('extension', handler, { reason: '需调取卷宗', workingDays: 2 });
  await post('extension/decision', supervisor, { approved: true, note: '同意' });
  await post('reply', handler, { answer: '已联系当事人说明情况。' });

  const page = await signIn(
    await browser.newContext(),
    `${t.stack.url}/desk/orders/${orderId}`,
    atCenter('agent', '何坐席'),
  );
  const history = page.getByTestId('history');
  const day = String.raw`\d{1,2}月\d{1,2}日 \d\d:\d\d`;
  await history.getByText(new RegExp(`^批准延期，答复期限由 ${day} 延至 ${day}$`)).waitFor();
  await history.getByText(new RegExp(`^弋阳法院答复，回访期限 ${day}$`)).waitFor();
  await history.getByText(/^派至弋阳法院，答复期限/).waitFor();
  const lines = (await history.textContent()) ?? '';
  expect(lines).not.toMatch(/\d{4}-\d\d-\d\dT|[A-Za-z]{2,}：/);

  // Three unanswered calls: the third sends the rating SMS, and the agent is told so.
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.getByText('未接通', { exact: true }).click();
    await page.getByRole('button', { name: '登记回访' }).click();
    await history.getByText(`第 ${attempt} 次回访未接通`, { exact: attempt < 3 }).waitFor();
  }
  await page.getByText('第 3 次未接通：已向群众发送评价短信').waitFor();
  await history.getByText('第 3 次回访未接通，已向群众发送评价短信').waitFor();
  expect((await t.outbox()).some((m) => m.kind === 'sms' && m.tags.orderId === orderId)).toBe(true);
});

test('the figures page asks only for the days rolled up, and says how far the figures go', async () => {
  // Past at least one nightly rollup (00:30 Shanghai) of this month.
  await t.advance({ advance: 'P1D' });
  const auditor = await t.token('auditor', '赣');
  const month = (await t.call('GET', '/v1/reports/monthly?month=2026-03', { token: auditor })).body;
  const through: string = month.rolledUpThrough;
  expect(through).toMatch(/^2026-03-\d\d$/);

  const page = await signIn(
    await browser.newContext(),
    `${t.stack.url}/desk/`,
    atCenter('auditor', '审计员甲'),
  );
  const daily: number[] = [];
  const consoleErrors: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/v1/reports/daily')) daily.push(r.status());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const lastDay = page.waitForResponse((r) => r.url().includes(`/v1/reports/daily?date=${through}`));
  await page.goto(`${t.stack.url}/desk/figures?month=2026-03&court=${encodeURIComponent('赣')}`);
  const day = Number(through.slice(8));
  await lastDay;
  // Every day's call has been made by now (they go out together): none of them may fail.
  await page.waitForLoadState('networkidle');
  expect(daily).toEqual(Array(day).fill(200));
  await page.getByTestId('rolled-up-through').getByText(`数据截至 3月${day}日`).waitFor();
  expect(consoleErrors).toEqual([]);
});

const AGENT = atCenter('agent', '何坐席');

/** A request a citizen files by themselves (web), or one an agent takes down on the phone. */
async function file(channel: 'web' | 'hotline', content: string): Promise<{ trackingNo: string }> {
  const agent = channel === 'hotline' ? await t.token('agent', '赣') : undefined;
  const filed = await t.call('POST', '/v1/requests', {
    ...(agent ? { token: agent } : {}),
    body: {
      channel,
      category: 'litigation_guidance',
      content,
      contact: { name: '王晓红', phone: '13700001111' },
    },
  });
  expect(filed.status).toBe(201);
  return filed.body;
}

test('agents have an inbox of online requests, oldest first with how long each waited; handling one takes it off', async () => {
  const older = await file('web', '请问立案需要带哪些材料？');
  await t.advance({ advance: 'PT2H' });
  const newer = await file('web', '诉讼费可以缓交吗？');
  const phoned = await file('hotline', '来电咨询开庭时间。');

  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/`, AGENT);
  await page.getByRole('link', { name: '网上诉求' }).click();
  const inbox = page.getByTestId('inbox');
  await inbox.getByText(newer.trackingNo).waitFor();
  const rows = inbox.locator('tbody tr');
  expect(await rows.count()).toBe(2);
  await rows.nth(0).getByText(older.trackingNo).waitFor();
  await rows
    .nth(0)
    .getByText(/^2 小时 \d+ 分钟$/)
    .waitFor();
  await rows
    .nth(1)
    .getByText(/^\d+ 分钟$/)
    .waitFor();
  await rows.nth(0).getByText('网站').waitFor();
  expect(await inbox.getByText(phoned.trackingNo).count()).toBe(0);
  expect(await inbox.getByText('13700001111').count()).toBe(0); // masked, as every list

  // Opened and made an order, it leaves the inbox; the menu entry reads the list again. It names
  // no court: the page says the agent must choose one (the routing has none), not 分派至高院.
  await page.getByRole('link', { name: `处理诉求 ${older.trackingNo}` }).click();
  await page.waitForURL(`${t.stack.url}/desk/requests/${older.trackingNo}`);
  await page.getByTestId('routing').getByText('无案号、未选法院：请在下方选择承办法院').waitFor();
  await choose(page, '改派法院', '弋阳县人民法院', '弋阳');
  await page.getByRole('button', { name: '生成工单' }).click();
  await page.waitForURL(/\/desk\/orders\/GD\w+$/);
  await page.getByRole('link', { name: '网上诉求' }).click();
  await inbox.getByText(newer.trackingNo).waitFor();
  expect(await inbox.getByText(older.trackingNo).count()).toBe(0);
  // A citizen files meanwhile: clicking the menu entry of the page already open shows it.
  const latest = await file('web', '判决书什么时候能寄到？');
  await page.getByRole('link', { name: '网上诉求' }).click();
  await inbox.getByText(latest.trackingNo).waitFor();

  // The inbox is the center's agents' only.
  const handler = await t.token('handler', '赣1126');
  expect((await t.call('GET', '/v1/inbox', { token: handler })).status).toBe(403);
});

test('an extension asked on the page emails the court’s supervisors; the day count’s buttons are named in Chinese', async () => {
  const { orderId } = await newOrder(t, { category: 'enforcement' });
  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/orders/${orderId}`, YIYANG);
  await page.getByRole('button', { name: '签收' }).click();
  await page.getByTestId('order-status').filter({ hasText: '已签收' }).waitFor();
  const actions = page.getByTestId('actions');
  expect(await actions.getByRole('button', { name: /Increase|Decrease/ }).count()).toBe(0);
  await actions.getByRole('button', { name: '增加延期工作日' }).click();
  expect(await actions.getByLabel('延期工作日', { exact: true }).textContent()).toBe('3 个工作日');
  await actions.getByLabel('延期理由').fill('需等待鉴定结论');
  await actions.getByRole('button', { name: '申请延期（限一次）' }).click();
  await page.getByTestId('history').getByText('申请延期 3 个工作日').waitFor();

  // 弋阳法院's supervisor (config/staff.csv) is told at once, with the link to decide it.
  const mail = (await t.outbox()).find((m) => m.kind === 'email' && m.subject.startsWith('【延期待审批】'));
  expect(mail).toMatchObject({ to: 'supervisor.gan1126@courts.example.cn', tags: { orderId } });
  expect(mail?.subject).toContain('申请延期 3 个工作日');
  expect(mail?.text).toContain('需等待鉴定结论');
  const supervisor = await signIn(await browser.newContext(), `${t.stack.url}/desk/orders/${orderId}`, {
    ...YIYANG,
    role: 'supervisor',
    name: '何敏',
  });
  await supervisor.getByLabel('批准延期').check();
  await supervisor.getByRole('button', { name: '提交审批' }).click();
  await supervisor.getByText('已批准').waitFor();
});

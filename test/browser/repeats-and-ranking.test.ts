import type { Browser } from 'playwright-core';
import { newOrder, PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * Issue 20 in a real browser on the real local stack: a caller rings again about their open order,
 * and the agent links the new request to it as a repeat (the order is urged); when March is over,
 * an auditor reads the month's ranking and a court's printable 通报.
 */
jest.setTimeout(180_000);
process.env.RANKING_MIN_ORDERS = '1';

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(async () => {
  await t?.stack.workflows.settle();
  await closeBrowserStack(t, browser);
});

const PHONE = '13600136000';
const CASE = '(2026)赣1126民初321号';

test('an agent links a repeat call to its open order; the auditor reads the ranking and the 通报', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const matter = await t.call('POST', '/v1/requests', {
    token: agent,
    body: {
      channel: 'hotline',
      category: 'case_progress',
      content: '想了解开庭时间。',
      contact: { name: '孙来电', phone: PHONE },
      caseNumber: CASE,
    },
  });
  const order = await t.call('POST', `/v1/requests/${matter.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  expect(order.status).toBe(201);

  // 1. The caller rings again: the agent takes it down, and the request's page shows the matter as the likely match.
  const agentPage = await signIn(await browser.newContext(), `${url}/desk/`, atCenter('agent', '钱坐席'));
  await agentPage.waitForURL(/\/desk\/intake$/);
  await agentPage.getByLabel('来电人姓名').fill('孙来电');
  await agentPage.getByLabel('联系电话').fill(PHONE);
  await agentPage.getByLabel('案号').fill(CASE);
  await agentPage.getByLabel('诉求内容').fill('再次催问开庭时间。');
  await agentPage.getByRole('button', { name: '登记诉求' }).click();
  await agentPage.waitForURL(/\/desk\/requests\/\w+$/);
  const repeatNo = agentPage.url().split('/').at(-1)!;
  const match = agentPage.getByTestId('repeat-card').getByTestId('likely-match');
  await match.getByText(matter.body.trackingNo).waitFor();
  await match.getByText('可能重复').waitFor();
  await match.getByRole('button', { name: '作为重复诉求并入' }).click();
  await agentPage.getByText(`已并入 ${matter.body.trackingNo}，并已催办承办法院`).waitFor();
  const linked = await t.call('GET', `/v1/requests/${repeatNo}`, { token: agent });
  expect(linked.body).toMatchObject({ status: 'settled', order: null });
  const history = (await t.call('GET', `/v1/orders/${order.body.orderId}`, { token: agent })).body.history;
  expect(history.filter((h: { action: string }) => h.action === 'urged')).toHaveLength(1);

  // 2. The court answers; March ends; on 1 April (the first working day) the 通报 goes out.
  await newOrder(t, { caseNumber: '(2026)赣0102民初9号' });
  const handler = await t.token('handler', '赣1126');
  await t.call('POST', `/v1/orders/${order.body.orderId}/accept`, { token: handler, body: {} });
  await t.call('POST', `/v1/orders/${order.body.orderId}/reply`, {
    token: handler,
    body: { answer: '已告知' },
  });
  await t.advance({ to: '2026-03-31T16:35:00Z' }); // 1 April 00:35 Shanghai
  expect((await t.outbox()).some((m) => m.subject.startsWith('【通报】弋阳县人民法院'))).toBe(true);

  // 3. The auditor reads March's ranking, then 弋阳法院's 通报.
  const auditorPage = await signIn(
    await browser.newContext(),
    `${url}/desk/ranking?month=2026-03&level=basic`,
    {
      role: 'auditor',
      court: '赣',
      courtName: '江西省高级人民法院',
      name: '周审计',
    },
  );
  await auditorPage.goto(`${url}/desk/ranking?month=2026-03&level=basic`);
  await auditorPage.getByText('已通报').waitFor();
  const ranking = auditorPage.getByTestId('ranking');
  await ranking.getByRole('link', { name: '弋阳县人民法院' }).click();
  await auditorPage.waitForURL(/\/desk\/bulletins\/2026-03\?court=/);
  const bulletin = auditorPage.getByTestId('bulletin');
  await bulletin.getByText('弋阳县人民法院 2026年03月 民意中心月度通报').waitFor();
  await bulletin.getByText(order.body.orderId).first().waitFor();
  await auditorPage
    .getByTestId('bulletin-rank')
    .getByText(/综合排名第 \d+ 名/)
    .waitFor();
});

import type { Browser, Page } from 'playwright-core';
import { PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, choose, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * What the center does to an order after making it, in a real browser on the real local stack
 * (issue 10): the caller's earlier requests at intake; 催办; the review of a court's return, approved
 * to another court from the returns queue; a reply sent back (答复不合格) and answered again; and a
 * complaint worked by the superior court's supervision office, which an ordinary handler of that
 * court never sees. Each step is asserted on the page and through the API.
 */
jest.setTimeout(90_000);

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

const PHONE = '13800138000';

test('intake shows the caller’s earlier requests; an order is urged, returned, re-sent, and its reply sent back', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  // The caller wrote in on the web last time.
  const earlier = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'enforcement',
      content: '执行款项一直没有到账。',
      contact: { name: '刘桂兰', phone: PHONE },
      courtCode: '赣1126',
    },
  });
  expect(earlier.status).toBe(201);

  // 1. The agent types the caller's number: the earlier request is listed, masked, with its link.
  const context = await browser.newContext();
  const agentPage = await signIn(context, `${url}/desk/`, atCenter('agent', '何坐席'));
  await agentPage.waitForURL(/\/desk\/intake$/);
  await agentPage.getByLabel('来电人姓名').fill('刘桂兰');
  await agentPage.getByLabel('联系电话').fill(PHONE);
  const list = agentPage.getByTestId('earlier-requests');
  await list.getByText('此号码此前的诉求（1）').waitFor();
  const row = list.getByRole('row').filter({ hasText: earlier.body.trackingNo });
  await row.getByText('刘** 138****8000').waitFor();
  await row.getByText('执行').waitFor();
  expect(await list.getByText(PHONE).count()).toBe(0);
  const found = await t.call('GET', `/v1/requests?phone=${PHONE}`, { token: agent });
  expect(found.body.items).toHaveLength(1);
  expect(found.body.items[0]).toMatchObject({
    trackingNo: earlier.body.trackingNo,
    contact: { name: '刘**', phone: '138****8000' },
  });
  // Its link opens the earlier request in a new tab of the same session; the form stays as typed.
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    row.getByRole('link', { name: earlier.body.trackingNo }).click(),
  ]);
  await tab.waitForURL(`${url}/desk/requests/${earlier.body.trackingNo}`);
  await tab.getByText(`诉求 ${earlier.body.trackingNo}`).waitFor();
  await tab.close();
  expect(await agentPage.getByLabel('联系电话').inputValue()).toBe(PHONE);
  // Another number has no history.
  await agentPage.getByLabel('联系电话').fill('13900000001');
  await agentPage.getByText('此号码没有此前的诉求').waitFor();
  await agentPage.getByLabel('联系电话').fill(PHONE);
  await list.getByText('此号码此前的诉求（1）').waitFor();

  // 2. The call becomes an order to 弋阳法院 (the case number's court).
  await agentPage.getByLabel('案号').fill('(2026)赣1126执200号');
  await agentPage.getByLabel('诉求内容').fill('执行款项仍未到账，再次来电催问。');
  await agentPage.getByRole('button', { name: '登记诉求' }).click();
  await agentPage.waitForURL(/\/desk\/requests\/\w+$/);
  await agentPage.getByRole('button', { name: '生成工单' }).click();
  await agentPage.waitForURL(/\/desk\/orders\/GD\w+$/);
  const orderId = agentPage.url().split('/').at(-1)!;
  await expectStatus(agentPage, '已派单');
  const again = await t.call('GET', `/v1/requests?phone=${PHONE}`, { token: agent });
  expect(again.body.items).toHaveLength(2);

  // 3. 催办: the court is emailed at once, and the history says so.
  await agentPage.getByLabel('催办意见').fill('群众第二次来电，请尽快联系。');
  await agentPage.getByRole('button', { name: '催办' }).click();
  await agentPage.getByTestId('history').getByText('群众第二次来电，请尽快联系。').waitFor();
  const urged = (await t.outbox()).find(
    (m) => m.kind === 'email' && m.subject.startsWith('【催办】') && m.tags.orderId === orderId,
  );
  expect(urged?.text).toContain('催办意见（以下为原文引用）：\n> 群众第二次来电，请尽快联系。');
  expect(urged?.text).toContain(`${url}/desk/orders/${orderId}`);

  // 4. The court returns it; from the returns queue the agent approves, to 信州法院.
  const yiyang = await t.token('handler', '赣1126', '弋阳法官');
  const ret = await t.call('POST', `/v1/orders/${orderId}/return`, {
    token: yiyang,
    body: { reason: '被执行人住所地在信州区' },
  });
  expect(ret.status).toBe(200);
  await agentPage.goto(`${url}/desk/returns`);
  await agentPage.getByRole('link', { name: `审核退单 ${orderId}` }).click();
  await agentPage.waitForURL(`${url}/desk/orders/${orderId}`);
  await agentPage.getByTestId('return-reason').getByText('被执行人住所地在信州区').waitFor();
  // The routing points back at the court that returned it: no suggestion, the agent picks.
  await agentPage.getByText('分派规则指向原法院，请选择其他法院').waitFor();
  await choose(agentPage, '改派法院', '上饶市信州区人民法院', '信州');
  await agentPage.getByLabel('审核意见').fill('同意退回');
  await agentPage.getByRole('button', { name: '提交审核' }).click();
  await expectStatus(agentPage, '已派单');
  const moved = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(moved.body).toMatchObject({ status: 'dispatched', courtCode: '赣1102' });
  expect(moved.body.history.map((h: { action: string }) => h.action)).toContain('return_approved');

  // 5. 信州法院's handler accepts and replies.
  const xinzhou = await signIn(await browser.newContext(), `${url}/desk/orders/${orderId}`, {
    role: 'handler',
    court: '赣1102',
    courtName: '上饶市信州区人民法院',
    name: '信州法官',
  });
  await xinzhou.getByRole('button', { name: '签收' }).click();
  await expectStatus(xinzhou, '已签收');
  await xinzhou.getByLabel('答复内容').fill('已受理。');
  await xinzhou.getByRole('button', { name: '提交答复' }).click();
  await expectStatus(xinzhou, '已答复');

  // 6. The agent finds the reply wanting before calling back: it goes back to the court.
  await agentPage.reload();
  await expectStatus(agentPage, '已答复');
  await agentPage.getByLabel('不合格理由').fill('未说明执行款何时到账');
  await agentPage.getByRole('button', { name: '答复不合格' }).click();
  await expectStatus(agentPage, '已签收');
  const sentBack = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(sentBack.body).toMatchObject({ status: 'accepted', courtCode: '赣1102', answer: null });
  expect(sentBack.body.history.find((h: { action: string }) => h.action === 'reply_rejected')).toMatchObject({
    action: 'reply_rejected',
    note: '未说明执行款何时到账',
  });
  // An order out at the court may be urged, not called back.
  await agentPage.getByRole('button', { name: '催办' }).waitFor();
  expect(await agentPage.getByRole('button', { name: '登记回访' }).count()).toBe(0);

  // 7. The court replies again; the order is back in the callback queue.
  await xinzhou.reload();
  await xinzhou.getByTestId('history').getByText('未说明执行款何时到账').waitFor();
  await xinzhou.getByLabel('答复内容').fill('执行款已于今日划付，预计三个工作日内到账。');
  await xinzhou.getByRole('button', { name: '提交答复' }).click();
  await expectStatus(xinzhou, '已答复');
  const replied = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(replied.body).toMatchObject({
    status: 'replied',
    answer: '执行款已于今日划付，预计三个工作日内到账。',
  });
  await agentPage.goto(`${url}/desk/callbacks`);
  await agentPage.getByRole('link', { name: orderId }).waitFor();
});

test('a return rejected goes back to the same court; approved, it goes where the routing points', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const xinzhou = await t.token('handler', '赣1102');
  // The case is 弋阳法院's, but the agent sent it to 信州法院 by hand.
  const request = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'case_progress',
      content: '想了解案件进展。',
      contact: { name: '吴明', phone: '13600136001' },
      caseNumber: '(2026)赣1126民初400号',
    },
  });
  const made = await t.call('POST', `/v1/requests/${request.body.requestId}/orders`, {
    token: agent,
    body: { courtCode: '赣1102' },
  });
  const orderId = made.body.orderId as string;
  const giveBack = (reason: string) =>
    t.call('POST', `/v1/orders/${orderId}/return`, { token: xinzhou, body: { reason } });
  expect((await giveBack('应由其他法院办理')).status).toBe(200);

  const agentPage = await signIn(
    await browser.newContext(),
    `${url}/desk/orders/${orderId}`,
    atCenter('agent', '邓坐席'),
  );
  await agentPage.getByText('不同意退回，由信州法院继续办理（原期限）').click();
  await agentPage.getByLabel('审核意见').fill('请先核实后再退回');
  await agentPage.getByRole('button', { name: '提交审核' }).click();
  await expectStatus(agentPage, '已派单');
  const kept = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(kept.body).toMatchObject({
    status: 'dispatched',
    courtCode: '赣1102',
    deadline: made.body.deadline,
  });

  expect((await giveBack('案号显示为弋阳法院案件')).status).toBe(200);
  await agentPage.reload();
  // The routing's court is chosen already; approving sends it there.
  await agentPage.getByText('按分派规则建议：弋阳法院').waitFor();
  await agentPage.getByTestId('actions').getByText('弋阳县人民法院').waitFor();
  await agentPage.getByRole('button', { name: '提交审核' }).click();
  await expectStatus(agentPage, '已派单');
  const sent = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(sent.body).toMatchObject({ status: 'dispatched', courtCode: '赣1126' });
});

test("a complaint about a basic court is worked by the superior court's supervision office, unseen by its other handlers", async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const request = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'complaint',
      content: '弋阳法院执行法官态度恶劣。',
      contact: { name: '陈立', phone: '13700137000' },
      caseNumber: '(2026)赣1126执300号',
    },
  });
  const made = await t.call('POST', `/v1/requests/${request.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  expect(made.body).toMatchObject({ courtCode: '赣11', firewalled: true });
  const orderId = made.body.orderId as string;
  await t.stack.workflows.settle();

  // An ordinary handler of 上饶中院: not in the list, not at the link (404, as if absent).
  const ordinary = await signIn(await browser.newContext(), `${url}/desk/orders`, {
    role: 'handler',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '普通法官',
  });
  await ordinary
    .getByText(/暂无工单|工单编号/)
    .first()
    .waitFor();
  expect(await ordinary.getByRole('link', { name: orderId }).count()).toBe(0);
  await ordinary.goto(`${url}/desk/orders/${orderId}`);
  await ordinary.getByText('无法查看此工单').waitFor();
  const hidden = await t.call('GET', `/v1/orders/${orderId}`, { token: await t.token('handler', '赣11') });
  expect(hidden.status).toBe(404);

  // A handler of its supervision office signs in with the unit, finds it in the list and works it.
  const office = await signIn(await browser.newContext(), `${url}/desk/orders`, {
    role: 'handler',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '监察法官',
    unit: 'supervision',
  });
  await office.getByTestId('who').getByText('法院承办人（监察室）').waitFor();
  await office.getByRole('link', { name: orderId }).click();
  await office.waitForURL(`${url}/desk/orders/${orderId}`);
  await office.getByText('弋阳法院执行法官态度恶劣。').waitFor();
  await office.getByRole('button', { name: '签收' }).click();
  await expectStatus(office, '已签收');
  await office.getByLabel('答复内容').fill('经核查，已对相关人员批评教育。');
  await office.getByRole('button', { name: '提交答复' }).click();
  await expectStatus(office, '已答复');
  const worked = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(worked.body).toMatchObject({ status: 'replied', courtCode: '赣11', subjectCourtCode: '赣1126' });
  expect(worked.body.history.find((h: { action: string }) => h.action === 'accepted').by.sub).toBe(
    '监察法官',
  );
});

async function expectStatus(page: Page, status: string): Promise<void> {
  await page.getByTestId('order-status').filter({ hasText: status }).waitFor();
}

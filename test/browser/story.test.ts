import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BUDGETS_KB, pageWeights } from '../../bench/page-weight';
import { newOrder, PLAIN_MONDAY, shanghai, type TestStack } from '../support/local';
import {
  atCenter,
  choose,
  closeBrowserStack,
  openBrowserStack,
  signIn,
  signInAtIssuer,
  startOidcIssuer,
} from './support';

/**
 * The whole story in a real browser, on the real local stack: an agent files a hotline request
 * and makes it an order; the court's handler opens the link in the 【新工单】 email, accepts and
 * replies; the agent calls back unreachable three times; the citizen opens the SMS link on a phone
 * and is not satisfied; the order is reopened; a supervisor sees it under supervision; an auditor
 * reads the month and downloads its CSV. Each step is asserted on the page and through the API.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;
let monday: Date;
const shots = process.env.UPDATE_SCREENSHOTS
  ? 'web/screenshots'
  : join(process.env.TMPDIR ?? '/tmp', 'minyi-shots');

beforeAll(async () => {
  monday = PLAIN_MONDAY;
  ({ t, browser } = await openBrowserStack(monday));
  mkdirSync(shots, { recursive: true });
});
afterAll(() => closeBrowserStack(t, browser));

test('from a hotline call to the auditor’s CSV, in the browser', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣', '王坐席');

  // 1. The agent takes the call down and makes it an order; the routing is the case number's.
  const agentPage = await signIn(await browser.newContext(), `${url}/desk/`, atCenter('agent', '王坐席'));
  await agentPage.waitForURL(/\/desk\/intake$/);
  await agentPage.getByLabel('来电人姓名').fill('张小明');
  await agentPage.getByLabel('联系电话').fill('13912345678');
  await agentPage.getByLabel('案号').fill('(2026)赣1126民初123号');
  await agentPage.getByLabel('诉求内容').fill('我的案件一直没有开庭通知，想了解进展。');
  await agentPage.getByRole('button', { name: '登记诉求' }).click();
  await agentPage.waitForURL(/\/desk\/requests\/\w+$/);
  const trackingNo = agentPage.url().split('/').at(-1)!;
  // The routing names the court before the order is made.
  await agentPage.getByTestId('routing').getByText('将派至：弋阳县人民法院').waitFor();
  await agentPage.getByTestId('routing').getByText('案号指向弋阳法院').waitFor();
  // The caller rates the call itself by SMS (a hotline rating, not the order's).
  await agentPage.getByRole('button', { name: '发送服务评价短信' }).click();
  await agentPage.getByText('评价短信已发送').waitFor();
  const hotlineSms = (await t.outbox()).find((m) => m.kind === 'sms' && m.tags.step === 'hotline_rating_sms');
  expect(hotlineSms?.to).toBe('13912345678');
  expect(hotlineSms?.text).toContain(`${url}/rate?token=`);
  await agentPage.getByRole('button', { name: '生成工单' }).click();
  await agentPage.waitForURL(/\/desk\/orders\/GD\w+$/);
  const orderId = agentPage.url().split('/').at(-1)!;
  await expectStatus(agentPage, '已派单');
  const created = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(created.body).toMatchObject({
    status: 'dispatched',
    courtCode: '赣1126',
    channel: 'hotline',
    trackingNo,
  });

  // 2. The court's handler opens the link in the 【新工单】 email, signs in, accepts and replies.
  await t.stack.workflows.settle();
  const notice = (await t.outbox()).find(
    (m) => m.kind === 'email' && m.subject.startsWith('【新工单】') && m.tags.orderId === orderId,
  );
  const link = /https?:\/\/\S+\/desk\/orders\/GD\w+/.exec(notice?.text ?? '')?.[0];
  expect(link).toBe(`${url}/desk/orders/${orderId}`);
  const handlerPage = await signIn(await browser.newContext(), link!, {
    role: 'handler',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '李法官',
  });
  await handlerPage.waitForURL(`${url}/desk/orders/${orderId}`);
  await expectStatus(handlerPage, '已派单');
  await handlerPage.getByRole('button', { name: '签收' }).click();
  await expectStatus(handlerPage, '已签收');
  await handlerPage.getByLabel('答复内容').fill('已排期，12月3日开庭，传票将于本周送达。');
  await handlerPage.screenshot({ path: join(shots, 'desk.png'), fullPage: true });
  await handlerPage.getByRole('button', { name: '提交答复' }).click();
  await expectStatus(handlerPage, '已答复');
  // A handler has nothing left to do on a replied order, and the page offers nothing.
  await handlerPage.getByText('您对此工单没有可办理的操作').waitFor();
  const replied = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(replied.body).toMatchObject({
    status: 'replied',
    answer: '已排期，12月3日开庭，传票将于本周送达。',
  });
  expect(replied.body.history.find((h: { action: string }) => h.action === 'accepted').by.sub).toBe('李法官');

  // 3. The agent works the callback queue: three calls, nobody answers.
  await agentPage.goto(`${url}/desk/callbacks`);
  await agentPage.getByRole('link', { name: orderId }).click();
  await agentPage.waitForURL(`${url}/desk/orders/${orderId}`);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await agentPage.getByLabel('未接通').check();
    await agentPage.getByRole('button', { name: '登记回访' }).click();
    await agentPage.getByText(`${attempt} 次`, { exact: true }).waitFor();
  }
  const unreached = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(unreached.body).toMatchObject({ status: 'replied', callbackAttempts: 3 });

  // 4. The citizen taps the SMS link on a phone and is not satisfied.
  const sms = (await t.outbox()).find((m) => m.kind === 'sms' && m.tags.orderId === orderId);
  const rateLink = /https?:\/\/\S+\/rate\?token=\S+/.exec(sms?.text ?? '')?.[0];
  expect(rateLink).toBeDefined();
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const citizen = await phone.newPage();
  await citizen.goto(rateLink!);
  await citizen.getByText('不满意', { exact: true }).click();
  await citizen.screenshot({ path: join(shots, 'rate.png') });
  await citizen.getByRole('button', { name: '提交' }).click();
  await citizen.getByRole('status').getByText('感谢您的评价').waitFor();
  // The link is used: opening it again says so at once, with nothing to choose.
  await citizen.goto(rateLink!);
  await citizen.getByRole('status').getByText('您已评价过').waitFor();
  expect(await citizen.getByRole('button', { name: '提交' }).count()).toBe(0);

  // 5. The order is reopened under the superior court's supervision.
  const reopened = await t.call('GET', `/v1/orders/${orderId}`, { token: agent });
  expect(reopened.body).toMatchObject({ status: 'dispatched', reopenCount: 1, supervisingCourtCode: '赣11' });
  await agentPage.reload();
  await expectStatus(agentPage, '已派单');
  await agentPage.getByText('重办 1').first().waitFor();

  // 6. A supervisor of 上饶中院 sees it under supervision.
  const supervisorPage = await signIn(await browser.newContext(), `${url}/desk/supervision`, {
    role: 'supervisor',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '赵督办',
  });
  await supervisorPage.waitForURL(`${url}/desk/supervision`);
  const row = supervisorPage.getByRole('row').filter({ hasText: orderId });
  await row.getByText('督办：上饶中院').waitFor();
  const supervised = await t.call('GET', '/v1/orders?limit=100', {
    token: await t.token('supervisor', '赣11'),
  });
  expect(supervised.body.items.find((o: { orderId: string }) => o.orderId === orderId)).toMatchObject({
    supervisingCourtCode: '赣11',
    reopenCount: 1,
  });

  // 7. After the night's rollup, an auditor reads the month and downloads what they see as CSV.
  await t.advance({ to: shanghai(monday, 1, '00:31') });
  const month = shanghai(monday, 0, '12:00').slice(0, 7);
  const auditorPage = await signIn(
    await browser.newContext({ acceptDownloads: true }),
    `${url}/desk/figures?month=${month}`,
    {
      role: 'auditor',
      court: '赣',
      courtName: '江西省高级人民法院',
      name: '钱审计',
    },
  );
  const figures = auditorPage.getByTestId('figures');
  await figures.waitFor();
  const api = await t.call('GET', `/v1/reports/monthly?month=${month}`, {
    token: await t.token('auditor', '赣'),
  });
  expect(api.body.requests.total).toBe(1);
  expect(api.body.orders).toMatchObject({ created: 1, replied: 1, reopened: 1 });
  await expect(statistic(auditorPage, '诉求')).resolves.toBe('1');
  await expect(statistic(auditorPage, '重办')).resolves.toBe('1');
  await auditorPage.screenshot({ path: join(shots, 'figures.png'), fullPage: true });
  const [download] = await Promise.all([
    auditorPage.waitForEvent('download'),
    auditorPage.getByRole('button', { name: '导出 CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(csv[0]).toContain('法院代码,法院,期间,诉求');
  const province = csv[1]!.split(',');
  expect(province.slice(0, 4)).toEqual(['赣', '江西省高级人民法院', month, String(api.body.requests.total)]);
  expect(csv.find((l) => l.startsWith('赣11,'))?.split(',')[3]).toBe('1');
  expect(download.suggestedFilename()).toBe(`民意中心-赣-${month}.csv`);

  // An auditor reads every order of the province but acts on none, and sees the citizen masked.
  await auditorPage.goto(`${url}/desk/orders/${orderId}`);
  await auditorPage.getByText('您对此工单没有可办理的操作').waitFor();
  await auditorPage.getByText('张**').waitFor();
  expect(await auditorPage.getByText('13912345678').count()).toBe(0);
});

test('a citizen files a request on a phone and follows it with the access code', async () => {
  const url = t.stack.url;
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await phone.newPage();
  await page.goto(`${url}/file`);
  await page.getByLabel('诉求类别').selectOption('enforcement');
  await page.getByLabel('诉求内容').fill('执行款项迟迟未到账，请法院告知进度。');
  await page.getByLabel('姓名').fill('孙二');
  await page.getByLabel('手机号码').fill('13600136000');
  await page.getByRole('button', { name: '提交' }).click();
  const trackingNo = (await page.getByTestId('tracking-no').textContent())!.trim();
  const accessCode = (await page.getByTestId('access-code').textContent())!.trim();
  const filed = await t.call('GET', `/v1/requests/${trackingNo}`, {
    headers: { 'x-access-code': accessCode },
  });
  expect(filed.body).toMatchObject({ channel: 'web', category: 'enforcement', status: 'received' });

  await page.getByRole('link', { name: '查询办理进度' }).click();
  await page.waitForURL(`${url}/track?no=${trackingNo}`);
  await page.getByLabel('查询码').fill('00000000');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('查询码').fill(accessCode);
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('status').filter({ hasText: '已受理' }).waitFor();
  // The access code is a secret: typed, sent as a header, never put in the address.
  expect(page.url()).not.toContain(accessCode);
});

test('a court asks for more time and its supervisor approves; a return goes back to the center', async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const late = await newOrder(t, { content: '需要调阅卷宗才能答复的诉求。' });
  const wrong = await newOrder(t, { content: '不属于弋阳法院管辖的诉求。' });

  const handler = await signIn(await browser.newContext(), `${url}/desk/orders/${late.orderId}`, {
    role: 'handler',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '周法官',
  });
  await handler.getByRole('button', { name: '签收' }).click();
  await expectStatus(handler, '已签收');
  await handler.getByLabel('延期理由').fill('需调阅卷宗');
  expect(await handler.getByLabel('延期工作日', { exact: true }).textContent()).toBe('2 个工作日');
  await handler.getByRole('button', { name: '申请延期（限一次）' }).click();
  await handler.getByText('待审批').waitFor();
  // Asked once: the page offers it no more.
  expect(await handler.getByRole('button', { name: '申请延期（限一次）' }).count()).toBe(0);

  const supervisor = await signIn(await browser.newContext(), `${url}/desk/extensions`, {
    role: 'supervisor',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '吴督办',
  });
  await supervisor.getByRole('link', { name: late.orderId }).click();
  await supervisor.getByLabel('批准延期').check();
  await supervisor.getByLabel('审批意见').fill('同意');
  await supervisor.getByRole('button', { name: '提交审批' }).click();
  await supervisor.getByText('已批准').waitFor();
  const approved = await t.call('GET', `/v1/orders/${late.orderId}`, { token: agent });
  expect(approved.body.extension).toMatchObject({ status: 'approved', workingDays: 2 });
  expect(approved.body.deadline > late.deadline).toBe(true);

  await handler.goto(`${url}/desk/orders/${wrong.orderId}`);
  await handler.getByLabel('退回理由').fill('案件不属我院管辖');
  await handler.getByRole('button', { name: '退回中心' }).click();
  await expectStatus(handler, '已退回');

  const agentPage = await signIn(
    await browser.newContext(),
    `${url}/desk/returns`,
    atCenter('agent', '郑坐席'),
  );
  await agentPage.getByRole('link', { name: `审核退单 ${wrong.orderId}` }).click();
  await agentPage.getByTestId('return-reason').getByText('案件不属我院管辖').waitFor();
  await choose(agentPage, '改派法院', '上饶市中级人民法院', '上饶市中级');
  await agentPage.getByRole('button', { name: '提交审核' }).click();
  await expectStatus(agentPage, '已派单');
  const redispatched = await t.call('GET', `/v1/orders/${wrong.orderId}`, { token: agent });
  expect(redispatched.body).toMatchObject({ status: 'dispatched', courtCode: '赣11' });
});

test("a window's rating QR code: the agent mints it, the citizen rates by its link", async () => {
  const url = t.stack.url;
  const agentPage = await signIn(
    await browser.newContext(),
    `${url}/desk/tokens`,
    atCenter('agent', '林坐席'),
  );
  await agentPage.getByLabel('窗口编号').fill('赣1126-W01');
  await agentPage.getByRole('button', { name: '生成评价码' }).click();
  const link = await agentPage.getByTestId('rating-link').getAttribute('href');
  expect(link).toMatch(new RegExp(`^${url}/rate\\?token=W-`));
  await agentPage.locator('.ant-qrcode canvas').waitFor();

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const citizen = await phone.newPage();
  await citizen.goto(link!);
  await citizen.getByText('基本满意', { exact: true }).click();
  await citizen.getByRole('button', { name: '提交' }).click();
  await citizen.getByRole('status').getByText('感谢您的评价').waitFor();
  const again = await t.call('POST', '/v1/evaluations', {
    body: { token: decodeURIComponent(link!.split('token=')[1]!), rating: 'satisfied' },
  });
  expect(again.status).toBe(409); // used once, by the page
});

test("unsatisfied after the last reopen: the superior court's supervisor reviews and closes it", async () => {
  const url = t.stack.url;
  const agent = await t.token('agent', '赣');
  const handler = await t.token('handler', '赣1126');
  const order = await newOrder(t, { content: '三次答复均不满意的诉求。' });
  const base = `/v1/orders/${order.orderId}`;
  for (let round = 1; round <= 3; round++) {
    await t.call('POST', `${base}/accept`, { token: handler });
    await t.call('POST', `${base}/reply`, { token: handler, body: { answer: `第${round}次答复` } });
    await t.call('POST', `${base}/callback`, {
      token: agent,
      body: { reached: true, rating: 'unsatisfied' },
    });
  }
  expect((await t.call('GET', base, { token: agent })).body).toMatchObject({
    reviewPending: true,
    status: 'replied',
  });

  // The accused court's own supervisor may read it but not close it.
  const own = await signIn(await browser.newContext(), `${url}/desk/orders/${order.orderId}`, {
    role: 'supervisor',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '何督办',
  });
  await own.getByText('待督办审核').waitFor();
  expect(await own.getByRole('button', { name: '审核办结' }).count()).toBe(0);

  const superior = await signIn(await browser.newContext(), `${url}/desk/supervision`, {
    role: 'supervisor',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '许督办',
  });
  const row = superior.getByRole('row').filter({ hasText: order.orderId });
  await row.getByText('待审核').waitFor();
  await row.getByRole('link', { name: order.orderId }).click();
  await superior.getByLabel('督办审核意见').fill('已核查答复，依法处理完毕。');
  await superior.getByRole('button', { name: '审核办结' }).click();
  await expectStatus(superior, '已办结');
  expect((await t.call('GET', base, { token: agent })).body).toMatchObject({
    status: 'closed',
    closeReason: 'unsatisfied_reviewed',
  });
});

test("a late order carries its ladder, on the court's queue and on its page", async () => {
  const url = t.stack.url;
  const order = await newOrder(t, { content: '一直无人答复的诉求。' });
  await t.advance({ to: shanghai(monday, 11, '10:00') }); // the next week's Friday: days past its deadline
  const api = await t.call('GET', `/v1/orders/${order.orderId}`, { token: await t.token('agent', '赣') });
  expect(api.body).toMatchObject({ late: true, status: 'dispatched' });
  expect(api.body.escalationLevel).toBeGreaterThanOrEqual(2);
  const level = ['', '一级督办', '二级督办', '三级通报'][api.body.escalationLevel]!;

  const handler = await signIn(await browser.newContext(), `${url}/desk/orders`, {
    role: 'handler',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '冯法官',
  });
  const row = handler.getByRole('row').filter({ hasText: order.orderId });
  await row.getByText('超期').waitFor();
  await row.getByText(level, { exact: true }).waitFor();
  await row.getByRole('link', { name: order.orderId }).click();
  const ladder = handler.getByTestId('ladder');
  await ladder.waitFor();
  const sent = api.body.history.filter(
    (h: { action: string }) => h.action === 'warning' || h.action === 'escalated',
  );
  expect(await ladder.locator('.desk-tag').filter({ hasText: '·' }).count()).toBe(sent.length);
  await ladder.getByText(new RegExp(`^${level}`)).waitFor();
});

test('on an OIDC stage, staff sign in by code and PKCE; no token ever appears in a URL', async () => {
  const url = t.stack.url;
  const issuer = await startOidcIssuer(`${url}/desk/callback`);
  const port = Number(new URL(issuer.origin).port);
  try {
    Object.assign(process.env, {
      WEB_OIDC_AUTHORITY: `http://127.0.0.1:${port}`,
      WEB_OIDC_CLIENT_ID: 'desk-web',
      WEB_OIDC_SCOPE: 'openid profile staff',
    });
    const page = await (await browser.newContext()).newPage();
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    await page.goto(`${url}/desk/orders`);
    await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
    await page.waitForURL(new RegExp(`^http://127.0.0.1:${port}/`));
    await signInAtIssuer(page, '陈法官');
    // Back with a code (and state), exchanged by the page; the ID token's claims name the person.
    await page.getByTestId('who').filter({ hasText: '陈法官 · 法院承办人 · 弋阳法院' }).waitFor();
    await page.waitForURL(`${url}/desk/orders`);
    const callback = visited.find((u) => u.startsWith(`${url}/desk/callback?`));
    expect(callback).toMatch(/[?&]code=/);
    const authorize = visited.find((u) => u.startsWith(`http://127.0.0.1:${port}/auth?`));
    expect(authorize).toMatch(/[?&]code_challenge_method=S256(&|$)/);
    expect(authorize).toMatch(/[?&]response_type=code(&|$)/);
    expect(visited.filter((u) => /eyJ|id_token=|access_token=/.test(u))).toEqual([]);
  } finally {
    delete process.env.WEB_OIDC_AUTHORITY;
    delete process.env.WEB_OIDC_CLIENT_ID;
    delete process.env.WEB_OIDC_SCOPE;
    issuer.stop();
  }
});

test('a first load of the desk is at most 200 KB of gzipped JavaScript, the rating page 60 KB', () => {
  expect(BUDGETS_KB).toEqual({ desk: 200, citizen: 60 });
  const weights = pageWeights();
  expect(weights.length).toBeGreaterThanOrEqual(5);
  for (const w of weights)
    if (w.budgetKB !== null)
      expect({ page: w.page, over: w.gzipKB > w.budgetKB }).toEqual({ page: w.page, over: false });
});

test('a first load fetches no JavaScript beyond what the budget weighs: no Ant Design on an emailed order, sign-in or a queue', async () => {
  // Prepare: an order at 弋阳法院, and every script the handler's browser asks for from now on.
  const order = await newOrder(t);
  const context = await browser.newContext();
  const fetched = new Set<string>();
  context.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.js')) fetched.add(path.slice(1));
  });
  // Act: the email's link (sent to sign in first), then the court's queue from the menu.
  const page = await signIn(context, `${t.stack.url}/desk/orders/${order.orderId}`, {
    role: 'handler',
    court: '赣1126',
    courtName: '弋阳县人民法院',
    name: '卫法官',
  });
  await page.getByTestId('order-status').waitFor();
  await page.getByRole('link', { name: '本院工单' }).click();
  await page.getByRole('link', { name: order.orderId }).waitFor();
  // Assess: each script was in a budgeted first load's weight (the bench reads the build's manifest).
  const weighed = new Set(pageWeights().flatMap((w) => (w.budgetKB === BUDGETS_KB.desk ? w.js : [])));
  expect(fetched.size).toBeGreaterThan(0);
  expect([...fetched].filter((f) => !weighed.has(f))).toEqual([]);
  await context.close();
});

async function expectStatus(page: Page, status: string): Promise<void> {
  await page.getByTestId('order-status').filter({ hasText: status }).waitFor();
}

async function statistic(page: Page, title: string): Promise<string> {
  const box = page
    .locator('.ant-statistic')
    .filter({ has: page.locator('.ant-statistic-title', { hasText: new RegExp(`^${title}$`) }) });
  return (await box.locator('.ant-statistic-content-value').textContent())?.trim() ?? '';
}

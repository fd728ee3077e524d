import type { Browser } from 'playwright-core';
import { citizen, newOrder, PLAIN_MONDAY, type TestStack } from '../support/local';
import { atCenter, closeBrowserStack, openBrowserStack, signIn } from './support';

/**
 * Issue 20 in Chromium, driven by the labels a person reads: the center writes and revises a
 * knowledge entry; an agent finds it while typing and settles citing it; a supervisor nominates a
 * closed order as a typical case (the personal data in the first draft refused), the center
 * publishes it, citizens read it on their page, and it seeds a knowledge entry.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;
beforeAll(async () => {
  ({ t, browser } = await openBrowserStack(PLAIN_MONDAY));
});
afterAll(() => closeBrowserStack(t, browser));

const CENTER = { role: 'supervisor', court: '赣', courtName: '江西省高级人民法院', name: '龚主任' } as const;

test('the center writes an entry; an agent finds it as they type and settles citing it', async () => {
  const url = t.stack.url;
  const center = await signIn(await browser.newContext(), `${url}/desk/knowledge`, CENTER);
  await center.waitForURL(/\/desk\/knowledge/);
  await center.getByRole('button', { name: '新建条目' }).click();
  await center.getByLabel('标题').fill('诉讼费用如何缴纳');
  await center.getByLabel('问题').fill('立案后怎样缴纳诉讼费用？能否网上缴费？');
  await center
    .getByLabel('答复口径')
    .fill('立案后可通过赣法通小程序网上缴纳诉讼费，也可到诉讼服务中心窗口缴纳。');
  await center.getByRole('button', { name: '发布' }).click();
  await center.getByText('编辑：诉讼费用如何缴纳').waitFor();
  // A revision, with the reason: both versions stay readable.
  await center.getByLabel('答复口径').fill('立案后七日内可通过赣法通小程序网上缴纳诉讼费，也可到窗口缴纳。');
  await center.getByLabel('修订说明').fill('补充缴费期限');
  await center.getByRole('button', { name: '保存修订' }).click();
  const revisions = center.getByTestId('revisions');
  await revisions.getByText('第 2 版').waitFor();
  await revisions.getByText('修订说明：补充缴费期限').waitFor();
  await revisions.getByText('第 1 版').waitFor();

  // The agent takes a call, and searches while the caller speaks.
  const request = await t.call('POST', '/v1/requests', {
    token: await t.token('agent', '赣'),
    body: {
      channel: 'hotline',
      category: 'litigation_guidance',
      content: '想问诉讼费怎么交。',
      contact: citizen,
    },
  });
  const agent = await signIn(
    await browser.newContext(),
    `${url}/desk/requests/${request.body.trackingNo}`,
    atCenter('agent', '何坐席'),
  );
  const search = agent.getByTestId('knowledge-search');
  await search.getByLabel('搜索知识库').fill('缴');
  await search.getByText('诉讼费用如何缴纳').waitFor();
  await search.getByLabel('搜索知识库').fill('网上缴费');
  const hit = search.getByTestId('knowledge-hit').first();
  await hit.getByText('诉讼费用如何缴纳').waitFor();
  await search.getByLabel('搜索知识库').fill('天气预报');
  await search.getByText('没有匹配的条目').waitFor();
  await search.getByLabel('搜索知识库').fill('诉讼费');
  await search.getByRole('button', { name: '引用：诉讼费用如何缴纳' }).click();
  // Citing fills the empty answer with the entry's current words.
  expect(await agent.getByLabel('当场答复内容').inputValue()).toContain('立案后七日内');
  await agent.getByTestId('cited').getByText('诉讼费用如何缴纳').waitFor();
  await agent.getByRole('button', { name: '当场答复', exact: true }).click();
  await agent.getByText('已当场答复').first().waitFor();
  await agent.getByText('当场答复内容').waitFor({ state: 'detached' });

  const settled = await t.call('GET', `/v1/requests/${request.body.trackingNo}`, {
    token: await t.token('agent', '赣'),
  });
  expect(settled.body.status).toBe('settled');
  const entries = await t.call('GET', `/v1/knowledge?q=${encodeURIComponent('诉讼费')}`, {
    token: await t.token('agent', '赣'),
  });
  const { getContainer } = await import('../../functions/commons/container');
  expect((await getContainer().requests.get(request.body.requestId))?.knowledgeIds).toEqual([
    entries.body.items[0].knowledgeId,
  ]);
});

test('a supervisor nominates a closed order, the center publishes it, citizens read it, it seeds an entry', async () => {
  const url = t.stack.url;
  const order = await newOrder(t, { content: '我的案件一直没有开庭通知，想了解进展，已经等了三个多月了。' });
  const handler = await t.token('handler', '赣1126');
  await t.call('POST', `/v1/orders/${order.orderId}/accept`, { token: handler, body: {} });
  await t.call('POST', `/v1/orders/${order.orderId}/reply`, {
    token: handler,
    body: { answer: '下周二开庭。' },
  });
  await t.call('POST', `/v1/orders/${order.orderId}/callback`, {
    token: await t.token('agent', '赣'),
    body: { reached: true, rating: 'satisfied' },
  });

  const supervisor = await signIn(await browser.newContext(), `${url}/desk/orders/${order.orderId}`, {
    role: 'supervisor',
    court: '赣11',
    courtName: '上饶市中级人民法院',
    name: '程督办',
  });
  await supervisor.getByText('推荐为典型案例').waitFor();
  await supervisor.getByLabel('案例标题').fill('当事人询问开庭时间，法院当日答复');
  await supervisor
    .getByLabel('案例摘要')
    .fill(`当事人${citizen.name}来电询问开庭安排，承办法院当日联系法官并告知排期。`);
  await supervisor.getByRole('button', { name: '推荐' }).click();
  await supervisor.getByTestId('nominate-error').getByText(/姓名/).waitFor();
  await supervisor
    .getByLabel('案例摘要')
    .fill('当事人来电询问开庭安排，承办法院当日联系承办法官，告知排期并发送传票，当事人表示满意。');
  await supervisor.getByRole('button', { name: '推荐' }).click();
  await supervisor.getByText('已推荐为典型案例，待民意中心审核发布').waitFor();

  const center = await signIn(await browser.newContext(), `${url}/desk/typical-cases`, CENTER);
  const nominated = center
    .getByTestId('typical-case')
    .filter({ hasText: '当事人询问开庭时间，法院当日答复' });
  await nominated.getByLabel('审核意见').fill('答复及时，予以发布');
  await nominated.getByRole('button', { name: '发布', exact: true }).click();
  await nominated.waitFor({ state: 'detached' });

  // The public page: the staff's words and facts that name nobody.
  const citizenPage = await (await browser.newContext()).newPage();
  await citizenPage.goto(`${url}/cases`);
  await citizenPage.getByRole('heading', { name: '当事人询问开庭时间，法院当日答复' }).waitFor();
  await citizenPage.getByText('案件查询 · 2026年03月 · 弋阳县人民法院').waitFor();
  const text = (await citizenPage.locator('main').textContent()) ?? '';
  for (const personal of [citizen.name, citizen.phone, '三个多月', order.orderId])
    expect(text).not.toContain(personal);

  // It seeds a knowledge-base entry.
  await center.getByRole('tab', { name: '已发布' }).click();
  await center.getByRole('button', { name: '生成知识条目' }).click();
  await center.waitForURL(/\/desk\/knowledge\?id=KB/);
  await center.getByText('编辑：当事人询问开庭时间，法院当日答复').waitFor();

  // Words once published may prove to name someone: the center withdraws the case (撤回, with a
  // reason), and the citizens' page no longer shows it.
  await center.goto(`${url}/desk/typical-cases?status=published`);
  const published = center
    .getByTestId('typical-case')
    .filter({ hasText: '当事人询问开庭时间，法院当日答复' });
  await published.getByLabel('撤回原因').fill('摘要需重新核查');
  await published.getByRole('button', { name: '撤回' }).click();
  await published.waitFor({ state: 'detached' });
  await center.getByRole('tab', { name: '已撤回' }).click();
  await center
    .getByTestId('typical-case')
    .getByText(/撤回：摘要需重新核查/)
    .waitFor();
  await citizenPage.reload();
  // It was the only case published: the page loads to its empty list.
  await citizenPage.getByText('暂无发布的典型案例。').waitFor();
  expect(await citizenPage.getByRole('heading', { name: '当事人询问开庭时间，法院当日答复' }).count()).toBe(
    0,
  );
});

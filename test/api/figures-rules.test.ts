import { citizen, newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * The figures of issue 9, counted by hand through the API, the nightly rollups and the reports.
 * Monday D, at 赣1126 (1-working-day orders, due Tuesday D+1 17:30):
 *  o1 web case_progress: replied Monday, the reply rejected by the center, replied again Wednesday (late)
 *  o2 web case_progress: urged Monday, extension asked Tuesday 17:00, approved Wednesday, replied Wednesday (late)
 *  o4 wechat contact_judge: replied Monday (on time), callback satisfied
 *  r5 web case_progress: settled at first contact
 *  r6 web interference_report about 赣1126: settled at first contact; counts at 赣11, never at 赣1126
 */
let t: TestStack;
let monday: Date;
const dayOf = (days: number) =>
  new Date(Date.parse(shanghai(monday, days, '12:00')) + 8 * 3600_000).toISOString().slice(0, 10);
let tokens: Record<'agent' | 'h1126' | 's1126' | 's11' | 'auditor', string>;

beforeAll(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
  tokens = {
    agent: await t.token('agent', '赣'),
    h1126: await t.token('handler', '赣1126'),
    s1126: await t.token('supervisor', '赣1126'),
    s11: await t.token('supervisor', '赣11'),
    auditor: await t.token('auditor', '赣'),
  };
  const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });
  const o1 = await newOrder(t);
  const o2 = await newOrder(t);
  const o4 = await newOrder(t, { channel: 'wechat', category: 'contact_judge' });
  for (const o of [o1, o4]) {
    await post(`/v1/orders/${o.orderId}/accept`, tokens.h1126);
    await post(`/v1/orders/${o.orderId}/reply`, tokens.h1126, { answer: '已答复' });
  }
  expect(
    (
      await post(`/v1/orders/${o1.orderId}/reply/decision`, tokens.agent, {
        accepted: false,
        reason: '答非所问',
      })
    ).status,
  ).toBe(200);
  await post(`/v1/orders/${o4.orderId}/callback`, tokens.agent, { reached: true, rating: 'satisfied' });
  expect((await post(`/v1/orders/${o2.orderId}/urge`, tokens.agent, { note: '请尽快' })).status).toBe(200);
  for (const [category, courtCode] of [
    ['case_progress', '赣1126'],
    ['interference_report', '赣1126'],
  ] as const) {
    const r = await t.call('POST', '/v1/requests', {
      body: { channel: 'web', category, content: '来信', contact: citizen, courtCode },
    });
    await post(`/v1/requests/${r.body.requestId}/settle`, tokens.agent, { answer: '已答复' });
  }

  await t.advance({ to: shanghai(monday, 1, '17:00') });
  await post(`/v1/orders/${o2.orderId}/extension`, tokens.h1126, { reason: '调卷', workingDays: 3 });
  await t.advance({ to: shanghai(monday, 2, '10:00') });
  await post(`/v1/orders/${o2.orderId}/extension/decision`, tokens.s11, { approved: true });
  for (const o of [o1, o2]) {
    await post(`/v1/orders/${o.orderId}/accept`, tokens.h1126);
    await post(`/v1/orders/${o.orderId}/reply`, tokens.h1126, { answer: '已认真答复' });
  }
  await t.advance({ to: shanghai(monday, 3, '00:31') }); // the rollups of D+1 and D+2
});
afterAll(() => t.stop());

const daily = async (date: string, token: string, query = '') => {
  const reply = await t.call('GET', `/v1/reports/daily?date=${date}${query}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
};
const at1126 = '&courtCode=%E8%B5%A31126';

test("the day's requests, rejected replies and urging, and the firewall's count", async () => {
  const day = await daily(dayOf(0), tokens.s1126);
  expect(day.requests).toMatchObject({ total: 4, settled: 1 });
  expect(day.requests.byCategory).toMatchObject({
    case_progress: 3,
    contact_judge: 1,
    interference_report: 0,
  });
  expect(day.orders).toMatchObject({ created: 3, replied: 2, replyRejected: 1, urged: 1 });
  // First-contact resolution per channel: web 1 of 3, wechat 0 of 1.
  expect(day.firstContactResolutionByChannel.web).toEqual({ total: 3, settled: 1, rate: 1 / 3 });
  expect(day.firstContactResolutionByChannel.wechat).toEqual({ total: 1, settled: 0, rate: 0 });
  expect(day.satisfaction.byCategory.contact_judge).toMatchObject({ rated: 1, satisfied: 1, rate: 1 });
  // The interference report about 赣1126 counts at 赣11, which handles such reports.
  const region = await daily(dayOf(0), tokens.s11);
  expect(region.requests.byCategory.interference_report).toBe(1);
});

test('rounds judged at their deadline: a rejected reply and a late-approved extension stay late', async () => {
  const due = await daily(dayOf(1), tokens.s1126);
  expect(due.orders).toMatchObject({ onTime: 1, late: 2 });
  expect(due.onTimeByCategory.case_progress).toEqual({ onTime: 0, late: 2, rate: 0 });
  expect(due.onTimeByCategory.contact_judge).toEqual({ onTime: 1, late: 0, rate: 1 });
});

test('category and channel filters give the same report for a part of the traffic', async () => {
  const progress = await daily(dayOf(1), tokens.s1126, '&category=case_progress');
  expect(progress.filter).toEqual({ category: 'case_progress', channel: null });
  expect(progress.orders).toMatchObject({ onTime: 0, late: 2 });
  expect(progress.onTimeRate).toBe(0);
  const wechat = await daily(dayOf(0), tokens.auditor, `${at1126}&channel=wechat`);
  expect(wechat.requests).toMatchObject({ total: 1, settled: 0, byChannel: { wechat: 1, web: 0 } });
  expect(wechat.orders).toMatchObject({ created: 1, replied: 1, replyRejected: 0, urged: 0 });
  expect(wechat.satisfaction).toMatchObject({ rated: 1, satisfied: 1, rate: 1 });
  const both = await daily(dayOf(0), tokens.auditor, `${at1126}&channel=web&category=case_progress`);
  expect(both.orders).toMatchObject({ created: 2, replyRejected: 1, urged: 1 });
  expect(
    (await t.call('GET', `/v1/reports/daily?date=${dayOf(0)}&channel=fax`, { token: tokens.auditor })).status,
  ).toBe(400);
});

import { newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 20's figures, counted by hand through the API, the nightly rollups and the reports.
 * Monday D at 赣1126 (1-working-day orders, due Tuesday 17:30):
 *  o1 web case_progress: never answered (late and still open from Tuesday 17:30)
 *  r2 hotline: a repeat of o1's request, linked (urges o1)
 *  o3 web: replied, the reply rejected by the center (a second pass, Monday), replied again
 *  r4 hotline: settled with the knowledge base; r5 hotline: settled without
 *  o8 web: replied Monday; unsatisfied at the callback on Wednesday, reopened (a second pass, Wednesday)
 *  o6 hotline complaint about 赣1126 (handled at 赣11) and r7, its repeat naming 赣1126's case:
 *     both count at 赣11, never at 赣1126
 */
let t: TestStack;
let monday: Date;
const dayOf = (days: number) =>
  new Date(Date.parse(shanghai(monday, days, '12:00')) + 8 * 3600_000).toISOString().slice(0, 10);
let agent: string;
let auditor: string;

const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });

async function hotline(body: Record<string, unknown>) {
  const reply = await post('/v1/requests', agent, {
    channel: 'hotline',
    category: 'case_progress',
    content: '请问案件进展',
    contact: { name: '钱来电', phone: '13500002222' },
    ...body,
  });
  return reply.body as { requestId: string; trackingNo: string };
}

beforeAll(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
  agent = await t.token('agent', '赣');
  auditor = await t.token('auditor', '赣');
  const h1126 = await t.token('handler', '赣1126');
  const o1 = await newOrder(t);
  const r2 = await hotline({});
  expect((await post(`/v1/requests/${r2.requestId}/link`, agent, { trackingNo: o1.trackingNo })).status).toBe(
    200,
  );
  const o3 = await newOrder(t);
  const o8 = await newOrder(t);
  for (const o of [o3, o8]) {
    await post(`/v1/orders/${o.orderId}/accept`, h1126);
    await post(`/v1/orders/${o.orderId}/reply`, h1126, { answer: '已答复' });
  }
  await post(`/v1/orders/${o3.orderId}/reply/decision`, agent, { accepted: false, reason: '答非所问' });
  await post(`/v1/orders/${o3.orderId}/reply`, h1126, { answer: '重新答复' });
  // The knowledge base's entry the agent answers r4 from, written by the center.
  const entry = await post('/v1/knowledge', await t.token('supervisor', '赣'), {
    title: '开庭时间查询',
    question: '如何查询开庭时间？',
    answer: '可通过诉讼服务网查询。',
    category: 'case_progress',
    tags: ['开庭'],
  });
  expect(entry.status).toBe(201);
  const r4 = await hotline({ courtCode: '赣1126' });
  const r5 = await hotline({ courtCode: '赣1126' });
  expect(
    (
      await post(`/v1/requests/${r4.requestId}/settle`, agent, {
        answer: '见知识库',
        knowledgeIds: [entry.body.knowledgeId],
      })
    ).status,
  ).toBe(200);
  await post(`/v1/requests/${r5.requestId}/settle`, agent, { answer: '已答复' });
  const o6 = await hotline({ category: 'complaint', caseNumber: '(2026)赣1126民初901号' });
  await post(`/v1/requests/${o6.requestId}/orders`, agent);
  const r7 = await hotline({ caseNumber: '(2026)赣1126民初901号' });
  await post(`/v1/requests/${r7.requestId}/link`, agent, { trackingNo: o6.trackingNo });

  await t.advance({ to: shanghai(monday, 2, '10:00') });
  expect(
    (await post(`/v1/orders/${o8.orderId}/callback`, agent, { reached: true, rating: 'unsatisfied' })).body
      .status,
  ).toBe('dispatched');
  // Thursday 00:31: the nightly rollup has run for Tuesday, Wednesday and the month.
  await t.advance({ to: shanghai(monday, 3, '00:31') });
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

const report = async (path: string) => {
  const reply = await t.call('GET', path, { token: auditor });
  expect(reply.status).toBe(200);
  return reply.body;
};

test('a day counts its repeats, its second passes and its knowledge-base settlements; one pass is the rest', async () => {
  const d = await report(`/v1/reports/daily?date=${dayOf(0)}&courtCode=赣1126`);
  expect(d.requests).toMatchObject({ total: 6, settled: 3, repeat: 1, settledWithKnowledge: 1 });
  expect(d.orders).toMatchObject({ created: 3, secondPass: 1, openLate: 0 });
  expect(d.firstContactResolutionRate).toBeCloseTo(3 / 6, 12);
  expect(d.onePassResolutionRate).toBeCloseTo(4 / 6, 12);
  expect(d.knowledgeBaseRate).toBeCloseTo(1 / 3, 12);
  expect(d.onePassResolutionByChannel.hotline).toMatchObject({ total: 3, repeat: 1, secondPass: 0 });
  expect(d.onePassResolutionByChannel.web).toMatchObject({ total: 3, repeat: 0, secondPass: 1 });
  // A filter keeps its slice: the hotline's requests alone.
  const hotline = await report(`/v1/reports/daily?date=${dayOf(0)}&courtCode=赣1126&channel=hotline`);
  expect(hotline.requests).toMatchObject({ total: 3, repeat: 1, settledWithKnowledge: 1 });
  expect(hotline.onePassResolutionRate).toBeCloseTo(2 / 3, 12);
});

test("a second pass counts in the period it happened: the reopen on Wednesday is not Monday's", async () => {
  const wed = await report(`/v1/reports/daily?date=${dayOf(2)}&courtCode=赣1126`);
  expect(wed.requests.total).toBe(0);
  expect(wed.orders).toMatchObject({ reopened: 1, secondPass: 1 });
  expect(wed.onePassResolutionRate).toBeNull();
  const month = await report(`/v1/reports/monthly?month=${dayOf(0).slice(0, 7)}&courtCode=赣1126`);
  expect(month.requests).toMatchObject({ total: 6, repeat: 1 });
  expect(month.orders.secondPass).toBe(2);
  expect(month.onePassResolutionRate).toBeCloseTo(3 / 6, 12);
});

test('late and still open at the end of each day, and now for the month', async () => {
  const tue = await report(`/v1/reports/daily?date=${dayOf(1)}&courtCode=赣1126`);
  expect(tue.orders.openLate).toBe(1); // o1, due Tuesday 17:30
  const wed = await report(`/v1/reports/daily?date=${dayOf(2)}&courtCode=赣1126`);
  expect(wed.orders.openLate).toBe(1); // o1 still; o8's reopened round is due Thursday
  const month = await report(`/v1/reports/monthly?month=${dayOf(0).slice(0, 7)}&courtCode=赣1126`);
  expect(month.orders.openLate).toBe(1);
});

test('a repeat of a complaint counts with the complaint, at the court above; the accused court sees neither', async () => {
  const gan11 = await report(`/v1/reports/monthly?month=${dayOf(0).slice(0, 7)}&courtCode=赣11`);
  expect(gan11.requests).toMatchObject({ total: 8, repeat: 2 });
  const accused = await report(`/v1/reports/monthly?month=${dayOf(0).slice(0, 7)}&courtCode=赣1126`);
  expect(accused.requests.byCategory.complaint).toBe(0);
  expect(accused.requests.repeat).toBe(1);
});

import { getContainer } from '../../functions/commons/container';
import {
  newOrder,
  type OutboxItem,
  PLAIN_MONDAY,
  shanghai,
  startTestStack,
  type TestStack,
} from '../support/local';

/**
 * Issue 21: the rules an expert in 12368 practice disputed, each against the running local stack
 * (DOMAIN.md: "Routing rules", "Working days", the ladder). Unless a test names another date, the
 * stack starts on PLAIN_MONDAY (Mon 9 March 2026 09:00): a 1-working-day order dispatched then is
 * due Tuesday 17:30; level 2 falls Wednesday 17:30, level 3 Friday 17:30.
 */
let t: TestStack;
afterEach(() => t.stop());

const monday = PLAIN_MONDAY;
const LADDER = ['warning', 'level1', 'level2', 'level3'];
const at = (days: number, hhmm: string) => ({ to: shanghai(monday, days, hhmm) });
const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });
const mailFor = async (orderId: string) =>
  (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId).reverse();
const to = (mails: OutboxItem[], step: string) =>
  mails
    .filter((m) => m.tags.step === step)
    .map((m) => m.to)
    .sort();
const dayOf = (days: number) => shanghai(monday, days, '12:00').slice(0, 10);
const report = async (kind: 'daily' | 'monthly', period: string, courtCode: string) => {
  const auditor = await t.token('auditor', '赣');
  const key = kind === 'daily' ? 'date' : 'month';
  const reply = await t.call(
    'GET',
    `/v1/reports/${kind}?${key}=${period}&courtCode=${encodeURIComponent(courtCode)}`,
    { token: auditor },
  );
  expect(reply.status).toBe(200);
  return reply.body;
};

async function replyAndRate(orderId: string, rating: string) {
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  await post(`/v1/orders/${orderId}/accept`, handler);
  await post(`/v1/orders/${orderId}/reply`, handler, { answer: '已答复' });
  const rated = await post(`/v1/orders/${orderId}/callback`, agent, { reached: true, rating });
  expect(rated.status).toBe(200);
  return rated.body;
}

test("1. a reopened round's level 2 climbs past the supervising court it already copies", async () => {
  t = await startTestStack({ startAt: monday });
  const { orderId } = await newOrder(t);
  const reopened = await replyAndRate(orderId, 'unsatisfied');
  expect(reopened).toMatchObject({ status: 'dispatched', supervisingCourtCode: '赣11' });
  await t.advance(at(2, '17:31'));
  // The first round was answered in time: every level sent is the reopened round's.
  const mails = await mailFor(orderId);
  expect(to(mails, 'level1')).toEqual([
    'supervisor.gan1126@courts.example.cn',
    'supervisor.gan11@courts.example.cn',
  ]);
  // Someone level 1 did not reach: the high court's supervisors (赣11's still copied).
  expect(to(mails, 'level2')).toEqual([
    'supervisor.gan11@courts.example.cn',
    'supervisor.gan@courts.example.cn',
  ]);
});

test("2. a pending review's level 1 goes past the supervisors its warning reached", async () => {
  t = await startTestStack({ startAt: monday });
  const { orderId } = await newOrder(t);
  for (let round = 0; round < 3; round++) await replyAndRate(orderId, 'unsatisfied');
  // The review is due in 5 working days: Monday 16 March 17:30.
  await t.advance(at(7, '17:31'));
  const review = (await mailFor(orderId)).filter((m) => m.tags.stage === 'review');
  expect(to(review, 'warning')).toEqual(['supervisor.gan11@courts.example.cn']);
  expect(to(review, 'level1')).toEqual(['supervisor.gan@courts.example.cn']);
});

test('3. an extension approved after the deadline keeps the level: no second warning, no climb, then the next level', async () => {
  t = await startTestStack({ startAt: monday });
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  await t.advance(at(1, '17:00'));
  expect(
    (await post(`/v1/orders/${orderId}/extension`, handler, { reason: '调卷', workingDays: 2 })).status,
  ).toBe(200);
  await t.advance(at(2, '10:00')); // level 1 went out Tuesday 17:30
  const approved = await post(
    `/v1/orders/${orderId}/extension/decision`,
    await t.token('supervisor', '赣11'),
    { approved: true, note: '同意' },
  );
  expect(approved.body).toMatchObject({
    late: true,
    escalationLevel: 1,
    deadline: shanghai(monday, 3, '17:30'),
  });
  // While the extension runs (to Thursday 17:30): nothing more, not even level 2 on Wednesday.
  await t.advance(at(3, '17:00'));
  const steps = async () =>
    [...new Set((await mailFor(orderId)).map((m) => String(m.tags.step)))].filter((s) => LADDER.includes(s));
  expect(await steps()).toEqual(['warning', 'level1']);
  // Missed again: level 2 at the new deadline, level 3 two working days after (Monday 16 March).
  await t.advance(at(3, '17:31'));
  expect(await steps()).toEqual(['warning', 'level1', 'level2']);
  await t.advance(at(7, '17:31'));
  expect(await steps()).toEqual(['warning', 'level1', 'level2', 'level3']);
  await t.advance(at(8, '00:31'));
  const month = await report('monthly', '2026-03', '赣1126');
  expect(month.escalations).toEqual({ warning: 1, level1: 1, level2: 1, level3: 1 });
});

test('4. loading a calendar never makes an order late after the fact', async () => {
  // Friday 29 January 2027, 10:00: on the fallback calendar due Monday 1 February 17:30.
  t = await startTestStack({ startAt: new Date('2027-01-29T02:00:00Z') });
  const { orderId, deadline } = await newOrder(t);
  expect(deadline).toBe('2027-02-01T09:30:00.000Z');
  await t.advance({ to: '2027-02-01T02:00:00Z' });
  // The schedule arrives Monday 10:00 with a make-up working Sunday 31 January, already gone.
  const loaded = await post('/v1/admin/calendar/2027', await t.token('supervisor', '赣'), {
    holidays: ['2027-02-08', '2027-02-09'],
    workdays: ['2027-01-31'],
  });
  expect(loaded.status).toBe(200);
  expect(loaded.body.moved.map((m: { orderId: string }) => m.orderId)).not.toContain(orderId);
  await t.stack.workflows.settle();
  const order = (await t.call('GET', `/v1/orders/${orderId}`, { token: await t.token('agent', '赣') })).body;
  expect(order).toMatchObject({ deadline, late: false, escalationLevel: 0 });
  expect((await mailFor(orderId)).map((m) => m.tags.step)).toEqual(['notice']);
  // The day the load would have made it due shows nothing late.
  await t.advance({ to: '2027-02-01T16:31:00Z' });
  const sunday = await report('daily', '2027-01-31', '赣1126');
  expect(sunday.orders).toMatchObject({ onTime: 0, late: 0 });
});

test("5. the center's late review of a return is the center's: its steps count at the center, not the court", async () => {
  t = await startTestStack({ startAt: monday });
  const { orderId } = await newOrder(t);
  await t.advance(at(0, '10:00'));
  expect(
    (await post(`/v1/orders/${orderId}/return`, await t.token('handler', '赣1126'), { reason: '非本院管辖' }))
      .status,
  ).toBe(200);
  // The center's review is due Tuesday 17:30; it approves on Thursday.
  await t.advance(at(3, '10:00'));
  const approved = await post(`/v1/orders/${orderId}/return/decision`, await t.token('agent', '赣'), {
    approved: true,
    note: '改派',
    courtCode: '赣1102',
  });
  expect(approved.status).toBe(200);
  const center = (await mailFor(orderId)).filter((m) => m.tags.stage === 'redispatch');
  expect([...new Set(center.map((m) => m.tags.step))]).toEqual(['warning', 'level1', 'level2']);
  await t.advance(at(4, '00:31'));
  const zero = { warning: 0, level1: 0, level2: 0, level3: 0 };
  expect((await report('monthly', '2026-03', '赣1126')).escalations).toEqual(zero);
  expect((await report('monthly', '2026-03', '赣11')).escalations).toEqual(zero);
  expect((await report('monthly', '2026-03', '赣')).escalations).toMatchObject({
    warning: 1,
    level1: 1,
    level2: 1,
  });
});

test("6. a day's stored figure follows a return or a reply rejected days after the round's deadline day", async () => {
  t = await startTestStack({ startAt: monday });
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  // Both due Tuesday 17:30: one replied on time, one returned in time.
  const replied = await newOrder(t);
  await post(`/v1/orders/${replied.orderId}/accept`, handler);
  await post(`/v1/orders/${replied.orderId}/reply`, handler, { answer: '已答复' });
  const returned = await newOrder(t);
  await post(`/v1/orders/${returned.orderId}/return`, handler, { reason: '非本院管辖' });
  await t.advance(at(3, '00:31')); // the nightly rollups of Monday and Tuesday
  expect((await report('daily', dayOf(1), '赣1126')).orders).toMatchObject({ onTime: 1, late: 0 });
  // Friday, three days after the deadline day, the center rejects both.
  await t.advance(at(4, '10:00'));
  const rejectedReply = await post(`/v1/orders/${replied.orderId}/reply/decision`, agent, {
    accepted: false,
    reason: '答非所问',
  });
  expect(rejectedReply.body).toMatchObject({ status: 'accepted', late: true });
  const rejectedReturn = await post(`/v1/orders/${returned.orderId}/return/decision`, agent, {
    approved: false,
    note: '属本院',
  });
  expect(rejectedReturn.body).toMatchObject({ status: 'dispatched', late: true });
  await t.advance(at(5, '00:31')); // Saturday's nightly run
  expect((await report('daily', dayOf(1), '赣1126')).orders).toMatchObject({
    onTime: 0,
    late: 2,
    lateUnanswered: 2,
  });
  expect((await report('monthly', '2026-03', '赣1126')).orders).toMatchObject({ onTime: 0, late: 2 });
  // Once recomputed, the day is no longer marked: the next night does not read it again.
  expect(await getContainer().staleDays.list()).toEqual([]);
  // Issue 25: replied late the next week, the rounds leave 超期未答复 on their deadline's day; the
  // on-time rate (replied by the deadline / replied) now has them, both late.
  await t.advance(at(7, '10:00'));
  await post(`/v1/orders/${replied.orderId}/reply`, handler, { answer: '补充答复' });
  await post(`/v1/orders/${returned.orderId}/accept`, handler);
  await post(`/v1/orders/${returned.orderId}/reply`, handler, { answer: '已答复' });
  await t.advance(at(8, '00:31'));
  const day = await report('daily', dayOf(1), '赣1126');
  expect(day.orders).toMatchObject({ onTime: 0, late: 2, lateUnanswered: 0 });
  expect(day.onTimeRate).toBe(0);
});

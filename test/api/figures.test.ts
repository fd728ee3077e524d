import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dayPeriod } from '../../domain/figures';
import { getContainer } from '../../functions/commons/container';
import { nightlyPeriods, nightlyRollup, rollup } from '../../services/rollup';
import { citizen, newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * A day small enough to count by hand, through the API, then the nightly rollup and the reports.
 * Monday D, 09:00 onwards:
 *  r1 web case_progress (赣1126 by case number): settled; the citizen rates the online session satisfied
 *  r2 hotline contact_judge (赣0102 chosen): settled; the post-call SMS rating is entered by an agent: basically satisfied
 *  r3 web case_progress (赣1126): order → accepted, replied on time, callback unsatisfied → reopened, never answered again
 *  r4 wechat complaint about 赣1126: order to 赣11 (firewall), never answered
 *  a window service at 赣1126-W01, rated unsatisfied
 */
let t: TestStack;
let monday: Date;
const D = () => shanghai(monday, 0, '12:00').slice(0, 10);
const dayOf = (days: number) =>
  new Date(Date.parse(shanghai(monday, days, '12:00')) + 8 * 3600_000).toISOString().slice(0, 10);
let tokens: { agent: string; h1126: string; s1126: string; s11: string; auditor: string };

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
  const post = (path: string, body: unknown, token?: string) =>
    t.call('POST', path, { body, ...(token ? { token } : {}) });

  const r1 = await post('/v1/requests', {
    channel: 'web',
    category: 'case_progress',
    content: '进展？',
    contact: citizen,
    caseNumber: '(2026)赣1126民初1号',
  });
  await post(`/v1/requests/${r1.body.requestId}/settle`, { answer: '已告知' }, tokens.agent);
  const online = await post('/v1/evaluation-tokens', {
    channel: 'web',
    subject: r1.body.requestId,
    accessCode: r1.body.accessCode,
  });
  expect(online.status).toBe(201);
  expect((await post('/v1/evaluations', { token: online.body.token, rating: 'satisfied' })).status).toBe(201);

  const r2 = await post(
    '/v1/requests',
    {
      channel: 'hotline',
      category: 'contact_judge',
      content: '请法官回电',
      contact: citizen,
      courtCode: '赣0102',
    },
    tokens.agent,
  );
  await post(`/v1/requests/${r2.body.requestId}/settle`, { answer: '已转告' }, tokens.agent);
  const sms = await post(
    '/v1/evaluation-tokens',
    { channel: 'hotline', subject: r2.body.requestId },
    tokens.agent,
  );
  const entered = await post(
    '/v1/evaluations',
    { token: sms.body.token, rating: 'basically_satisfied' },
    tokens.agent,
  );
  expect(entered.body).toMatchObject({ channel: 'hotline', enteredByStaff: true });

  const r3 = await newOrder(t);
  await post(`/v1/orders/${r3.orderId}/accept`, {}, tokens.h1126);
  await post(`/v1/orders/${r3.orderId}/reply`, { answer: '已答复' }, tokens.h1126);
  await post(`/v1/orders/${r3.orderId}/callback`, { reached: true, rating: 'unsatisfied' }, tokens.agent);
  await newOrder(t, {
    channel: 'wechat',
    category: 'complaint',
    courtCode: '赣1126',
    caseNumber: undefined,
  });

  const window = await post(
    '/v1/evaluation-tokens',
    { channel: 'window', subject: '赣1126-W01' },
    tokens.h1126,
  );
  expect((await post('/v1/evaluations', { token: window.body.token, rating: 'unsatisfied' })).status).toBe(
    201,
  );

  await t.advance({ to: shanghai(monday, 1, '00:31') }); // the nightly rollup of D
});
afterAll(() => t.stop());

const daily = (date: string, token: string, court?: string) =>
  t.call('GET', `/v1/reports/daily?date=${date}${court ? `&courtCode=${encodeURIComponent(court)}` : ''}`, {
    token,
  });

describe('ratings on every channel', () => {
  test('a token is used once; unknown tokens and other courts are refused', async () => {
    const r = await t.call('POST', '/v1/requests', {
      body: { channel: 'web', category: 'other', content: '建议', contact: citizen, courtCode: '赣01' },
    });
    const minted = await t.call('POST', '/v1/evaluation-tokens', {
      body: { channel: 'web', subject: r.body.requestId, accessCode: r.body.accessCode },
    });
    expect(
      (await t.call('POST', '/v1/evaluations', { body: { token: minted.body.token, rating: 'satisfied' } }))
        .status,
    ).toBe(201);
    expect(
      (await t.call('POST', '/v1/evaluations', { body: { token: minted.body.token, rating: 'unsatisfied' } }))
        .status,
    ).toBe(409);
    expect(
      (
        await t.call('POST', '/v1/evaluations', {
          body: { token: `${minted.body.token}x`, rating: 'satisfied' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', '/v1/evaluation-tokens', {
          body: { channel: 'web', subject: r.body.requestId, accessCode: '00000000' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call('POST', '/v1/evaluation-tokens', {
          body: { channel: 'web', subject: r.body.requestId, accessCode: r.body.accessCode },
        })
      ).status,
    ).toBe(409);
    const otherCourt = await t.call('POST', '/v1/evaluation-tokens', {
      body: { channel: 'window', subject: '赣1126-W02' },
      token: await t.token('handler', '赣0102'),
    });
    expect(otherCourt.status).toBe(403);
    expect(
      (
        await t.call('POST', '/v1/evaluation-tokens', {
          body: { channel: 'window', subject: '沪01-W01' },
          token: tokens.agent,
        })
      ).status,
    ).toBe(422);
  });

  test('the hotline token goes to the caller by SMS', async () => {
    const smsItems = (await t.outbox()).filter(
      (m) => m.kind === 'sms' && m.tags.step === 'hotline_rating_sms',
    );
    expect(smsItems).toHaveLength(1);
    expect(smsItems[0]!.text).toContain('token=R-hotline-');
  });

  test("after three failed callbacks the SMS link's rating closes the order", async () => {
    const order = await newOrder(t);
    await t.call('POST', `/v1/orders/${order.orderId}/accept`, { token: tokens.h1126 });
    await t.call('POST', `/v1/orders/${order.orderId}/reply`, {
      token: tokens.h1126,
      body: { answer: '答复' },
    });
    for (let i = 0; i < 3; i++)
      await t.call('POST', `/v1/orders/${order.orderId}/callback`, {
        token: tokens.agent,
        body: { reached: false },
      });
    const sms = (await t.outbox()).find((m) => m.kind === 'sms' && m.tags.orderId === order.orderId)!;
    const token = decodeURIComponent(/token=([^\s]+)/.exec(sms.text)![1]!);
    const rated = await t.call('POST', '/v1/evaluations', { body: { token, rating: 'satisfied' } });
    expect(rated.status).toBe(201);
    const closed = await t.call('GET', `/v1/orders/${order.orderId}`, { token: tokens.agent });
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'satisfied' });
    expect(closed.body.history.find((h: { action: string }) => h.action === 'rated').details).toMatchObject({
      source: 'sms',
      rating: 'satisfied',
    });
    expect((await t.call('POST', '/v1/evaluations', { body: { token, rating: 'unsatisfied' } })).status).toBe(
      409,
    );
  });
});

describe('reports', () => {
  test("the basic court's day, by hand", async () => {
    const report = await daily(D(), tokens.s1126);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      courtCode: '赣1126',
      period: D(),
      // r4, the complaint about 赣1126, is not 赣1126's: it counts at 赣11, which handles it.
      requests: { total: 2, settled: 1, byChannel: { web: 2, wechat: 0, hotline: 0, window: 0 } },
      orders: { created: 1, replied: 1, reopened: 1, closed: 0, returned: 0, onTime: 0, late: 0 },
      escalations: { warning: 0, level1: 0, level2: 0, level3: 0 },
      satisfaction: { rated: 3, satisfied: 1, basicallySatisfied: 0, unsatisfied: 2 },
    });
    expect(report.body.requests.byCategory).toMatchObject({ complaint: 0, interference_report: 0 });
    expect(report.body.firstContactResolutionRate).toBe(1 / 2);
    expect(report.body.satisfaction.byChannel.web).toMatchObject({ rated: 1, satisfied: 1, rate: 1 });
    expect(report.body.satisfaction.byChannel.window).toMatchObject({ rated: 1, unsatisfied: 1, rate: 0 });
    expect(report.body.satisfaction.byChannel.callback).toMatchObject({ rated: 1, unsatisfied: 1 });
    expect(report.body.onTimeRate).toBeNull();
  });

  test('a court includes the courts below it; the province includes everything', async () => {
    const region = await daily(D(), tokens.s11);
    expect(region.body.requests.total).toBe(3);
    expect(region.body.orders.created).toBe(2); // 赣1126's order and the complaint handled by 赣11
    const province = await daily(D(), tokens.auditor);
    expect(province.body).toMatchObject({
      courtCode: '赣',
      requests: { total: 4, settled: 2, byChannel: { web: 2, wechat: 1, hotline: 1, window: 0 } },
      orders: { created: 2 },
      satisfaction: { rated: 4, satisfied: 1, basicallySatisfied: 1, unsatisfied: 2, rate: 0.5 },
    });
    expect(province.body.firstContactResolutionRate).toBe(0.5);
    expect(province.body.satisfaction.byChannel.hotline).toMatchObject({ rated: 1, basicallySatisfied: 1 });
  });

  test('on time and late are judged in the period of the deadline; unanswered and past it is late', async () => {
    await t.advance({ to: shanghai(monday, 2, '00:31') }); // rolls up D+1
    const next = await daily(dayOf(1), tokens.s1126);
    // Round 1 of r3 was due D+1 and replied on D; round 2 (the reopen) was due D+1 and is unanswered.
    expect(next.body.orders).toMatchObject({ onTime: 1, late: 1, lateUnanswered: 1 });
    // 按期答复率 (DOMAIN.md) counts replies only; the unanswered round is in the rate of its own.
    expect(next.body.onTimeRate).toBe(1);
    expect(next.body.dueOnTimeRate).toBe(0.5);
    expect(next.body.escalations).toMatchObject({ warning: 1, level1: 1 });
    await t.advance({ to: shanghai(monday, 8, '00:31') });
    const complaintDue = await daily(dayOf(7), tokens.s11); // r4: 5 working days, due D+7 17:30
    expect(complaintDue.body.orders).toMatchObject({ onTime: 0, late: 1 });
    expect(complaintDue.body.escalations.level1).toBe(1);
  });

  test('re-running a rollup changes nothing', async () => {
    const before = await daily(D(), tokens.auditor);
    await rollup(getContainer(), [dayPeriod(D())]);
    const after = await daily(D(), tokens.auditor);
    const { asOf: _a, ...figuresBefore } = before.body;
    const { asOf: _b, ...figuresAfter } = after.body;
    expect(figuresAfter).toEqual(figuresBefore);
  });

  test('a rollup with nothing new since the last writes no court again: same figures, the asOf of the last run', async () => {
    const figureItems = async () => {
      const s = getContainer();
      const out = await s.dynamo.doc.send(
        new ScanCommand({
          TableName: s.tableName,
          FilterExpression: 'begins_with(pk, :fig)',
          ExpressionAttributeValues: { ':fig': 'FIG#' },
        }),
      );
      return new Map((out.Items ?? []).map((item) => [`${item.pk} ${item.sk}`, item]));
    };
    // Past the night of D+8, where the test above left the clock (run alone, this gets it there).
    const night = shanghai(monday, 8, '00:31');
    if (t.stack.clock.now() < new Date(night)) await t.advance({ to: night });
    const before = await figureItems();
    // A quarter of an hour after the night's own run, with nothing recorded since: the same periods again.
    await t.advance({ to: shanghai(monday, 8, '00:45') });
    await nightlyRollup(getContainer());
    const after = await figureItems();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const province = (item: Record<string, unknown>) => item.courtCode === '赣';
    // Every court's item as it was (its asOf included: not written again) ...
    const courts = [...before.values()].filter((item) => !province(item));
    expect(courts.length).toBeGreaterThan(0);
    for (const item of courts) expect(after.get(`${item.pk} ${item.sk}`)).toEqual(item);
    // ... the province's marks the periods rolled up now, with the same figures.
    const rerun = [...after.values()].filter(
      (item) => province(item) && item.asOf !== before.get(`${item.pk} ${item.sk}`)!.asOf,
    );
    expect(rerun.map((item) => item.period).sort()).toEqual(
      nightlyPeriods(t.stack.clock.now())
        .map((p) => p.key)
        .sort(),
    );
    for (const item of rerun) expect(item.figures).toBe(before.get(`${item.pk} ${item.sk}`)!.figures);
    // A court's report says when its period was last rolled up, not when its figures last changed.
    const court = await daily(dayOf(6), tokens.s1126);
    expect(court.body.asOf).toBe(rerun.find((item) => item.period === dayOf(6))!.asOf);
  });

  test('who may read figures', async () => {
    expect((await daily(D(), tokens.h1126)).status).toBe(403);
    expect((await daily(D(), tokens.agent)).status).toBe(403);
    expect((await daily(D(), tokens.s1126, '赣11')).status).toBe(403);
    expect((await daily(D(), tokens.s11, '赣1126')).status).toBe(200);
    expect((await daily('2020-01-01', tokens.auditor)).body.error.code).toBe('not_rolled_up');
    expect((await t.call('GET', '/v1/reports/monthly?month=2026-13', { token: tokens.auditor })).status).toBe(
      400,
    );
    const month = await t.call('GET', `/v1/reports/monthly?month=${D().slice(0, 7)}`, {
      token: tokens.auditor,
    });
    expect(month.status).toBe(200);
    expect(month.body.requests.total).toBeGreaterThanOrEqual(4);
  });
});

import { getContainer } from '../../functions/commons/container';
import { sendMonthlyBulletins } from '../../services/bulletins';
import { newOrder, PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 20: rankings and the monthly 通报. March 2026 (from PLAIN_MONDAY), with a minimum of two
 * judged orders a court (RANKING_MIN_ORDERS):
 *  赣1126: two orders replied on time, one of them urged      (on time 100%)
 *  赣0102: two orders, one replied on time, one late            (on time 50%)
 *  赣1102: one order replied on time                            (too few: listed apart)
 *  a complaint about 赣1126, handled at 赣11 and urged there   (never in 赣1126's 通报)
 * Wednesday 1 April is the first working day of April: the 通报 goes with the nightly rollup at 00:30.
 */
process.env.RANKING_MIN_ORDERS = '2';
let t: TestStack;
let auditor: string;
const MONTH = '2026-03';
let urgedOrder: string;
let complaintOrder: string;

beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  auditor = await t.token('auditor', '赣');
  const agent = await t.token('agent', '赣');
  const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });
  const answer = async (orderId: string, court: string) => {
    const h = await t.token('handler', court);
    await post(`/v1/orders/${orderId}/accept`, h);
    expect((await post(`/v1/orders/${orderId}/reply`, h, { answer: '已答复' })).status).toBe(200);
  };
  const a = await newOrder(t);
  const b = await newOrder(t);
  urgedOrder = a.orderId;
  await post(`/v1/orders/${a.orderId}/urge`, agent, { note: '请尽快办理' });
  const c = await newOrder(t, { caseNumber: '(2026)赣0102民初11号' });
  const d = await newOrder(t, { caseNumber: '(2026)赣0102民初12号' });
  const e = await newOrder(t, { caseNumber: '(2026)赣1102民初13号' });
  const complaint = await newOrder(t, { category: 'complaint', caseNumber: '(2026)赣1126民初14号' });
  complaintOrder = complaint.orderId;
  expect(complaint.courtCode).toBe('赣11');
  await post(`/v1/orders/${complaint.orderId}/urge`, agent, { note: '请监察部门尽快办理' });
  for (const [o, court] of [
    [a, '赣1126'],
    [b, '赣1126'],
    [c, '赣0102'],
    [e, '赣1102'],
  ] as const)
    await answer(o.orderId, court);
  // 赣0102's second order is answered a day late (due Tuesday 17:30).
  await t.advance({ to: shanghai(PLAIN_MONDAY, 3, '10:00') });
  await answer(d.orderId, '赣0102');
  await t.advance({ to: '2026-03-31T16:29:00Z' }); // Wednesday 1 April, 00:29 Shanghai
}, 240_000);
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

test('before the month is closed the ranking is provisional; the supervisors get no 通报 yet', async () => {
  const provisional = await t.call('GET', `/v1/reports/ranking?month=${MONTH}&level=basic`, {
    token: auditor,
  });
  expect(provisional.status).toBe(200);
  expect(provisional.body.closed).toBe(false);
  expect((await t.outbox()).filter((m) => m.subject.startsWith('【通报】'))).toEqual([]);
});

test('on the first working day every court gets its 通报 once, with its figures, places and orders', async () => {
  await t.advance({ to: '2026-03-31T16:31:00Z' }); // 00:31, after the nightly rollup
  const bulletins = (await t.outbox()).filter((m) => m.subject.startsWith('【通报】'));
  const to1126 = bulletins.filter((m) => m.to.includes('supervisor.gan1126@courts.example.cn'));
  expect(to1126).toHaveLength(1);
  const text = to1126[0]!.text;
  expect(text).toContain('按期答复率排名：第 1 名');
  expect(text).toContain(urgedOrder);
  expect(text).toContain(`/orders/${urgedOrder}`);
  expect(text).toContain('一次性办理到位率');
  // The firewall: the complaint about 赣1126 is in no 通报 its people read, nor in the one to the
  // ordinary supervisors of 赣11, whose supervision office handles it (the office's lists it, and
  // the high court's, which oversees every court's office, as its people read every order below it).
  expect(text).not.toContain(complaintOrder);
  const handling = bulletins.filter((m) => m.tags.courtCode === '赣11' || m.tags.courtCode === '赣1126');
  for (const m of handling.filter((m) => !m.to.startsWith('jiancha.')))
    expect([m.to, m.text.includes(complaintOrder)]).toEqual([m.to, false]);
  // Too few orders: listed apart.
  const to1102 = bulletins.find((m) => m.to.includes('supervisor.gan1102@courts.example.cn'))!;
  expect(to1102.text).toContain('单列不参与排名');
  // The center's leadership gets the high court's.
  expect(bulletins.some((m) => m.to.includes('leader.gan@courts.example.cn'))).toBe(true);

  // The job run again (a retry, or a second invocation): nothing more is sent.
  expect(await sendMonthlyBulletins(getContainer())).toEqual({ month: MONTH, sent: [] });
  await t.advance({ to: '2026-04-01T16:31:00Z' }); // the next night is not the first working day's
  const again = (await t.outbox()).filter((m) => m.subject.startsWith('【通报】'));
  expect(again).toHaveLength(bulletins.length);
});

type Line = { orderId: string; courtCode: string; count: number; openLate?: boolean };
type Read = {
  figures: Record<string, number>;
  urged: Line[];
  rejected: Line[];
  late: Line[];
  withheld: { urged: number; rejected: number; late: number; openLate: number };
};
const bulletinOf = async (court: string, token: string): Promise<Read> => {
  const reply = await t.call(
    'GET',
    `/v1/reports/bulletin?month=${MONTH}&courtCode=${encodeURIComponent(court)}`,
    {
      token,
    },
  );
  expect(reply.status).toBe(200);
  return reply.body;
};
const sum = (lines: Line[]) => lines.reduce((n, l) => n + l.count, 0);
/** What each list and what it holds back add up to: the figures they detail. */
const addedUp = (b: Read) => ({
  urged: sum(b.urged) + b.withheld.urged,
  replyRejected: sum(b.rejected) + b.withheld.rejected,
  late: sum(b.late) + b.withheld.late,
  openLate: b.late.filter((l) => l.openLate).length + b.withheld.openLate,
});
const detailed = (b: Read) => ({
  urged: b.figures.urged,
  replyRejected: b.figures.replyRejected,
  late: b.figures.late,
  openLate: b.figures.openLate,
});

test("each list adds up to the figure it details, the court's subtree included", async () => {
  for (const court of ['赣', '赣11', '赣1126', '赣01', '赣0102']) {
    // The center's auditors see every order: nothing is held back from them.
    const whole = await bulletinOf(court, auditor);
    expect([court, whole.withheld]).toEqual([court, { urged: 0, rejected: 0, late: 0, openLate: 0 }]);
    expect([court, addedUp(whole)]).toEqual([court, detailed(whole)]);
  }
  // 上饶中院's figures hold 弋阳's urged order and the complaint it handles itself (urged, still open).
  const s11 = await bulletinOf('赣11', auditor);
  expect(s11.figures.urged).toBe(2);
  expect(s11.urged.map((l) => [l.orderId, l.courtCode, l.count]).sort()).toEqual(
    [
      [urgedOrder, '赣1126', 1],
      [complaintOrder, '赣11', 1],
    ].sort(),
  );
  expect(s11.late.find((l) => l.orderId === complaintOrder)).toMatchObject({ openLate: true });
});

test("the firewall: a court's ordinary supervisors read a complaint as a number; its supervision office gets the 通报 with it", async () => {
  const ordinary = await bulletinOf('赣11', await t.token('supervisor', '赣11'));
  expect(JSON.stringify(ordinary)).not.toContain(complaintOrder);
  expect(ordinary.urged.map((l) => l.orderId)).toEqual([urgedOrder]);
  expect(ordinary.withheld).toMatchObject({ urged: 1, openLate: 1 });
  expect(addedUp(ordinary)).toEqual(detailed(ordinary));
  const office = await bulletinOf('赣11', await t.token('supervisor', '赣11', 'office-head', 'supervision'));
  expect(office.urged.map((l) => l.orderId)).toContain(complaintOrder);
  expect(office.withheld).toEqual({ urged: 0, rejected: 0, late: 0, openLate: 0 });

  // By email: every court's supervision office is sent its court's 通报, once, the complaints listed.
  const bulletins = (await t.outbox()).filter((m) => m.subject.startsWith('【通报】'));
  for (const member of ['jiancha.gan11@courts.example.cn', 'jiancha.lead.gan11@courts.example.cn']) {
    const mails = bulletins.filter((m) => m.to === member);
    expect([member, mails.length]).toEqual([member, 1]);
    expect(mails[0]!.text).toContain(complaintOrder);
    expect(mails[0]!.text).toContain('上饶市中级人民法院');
  }
  expect(bulletins.filter((m) => m.to === 'jiancha.gan@courts.example.cn')).toHaveLength(1);
  // The ordinary supervisors' says what it holds back, so its lists add up to its figures.
  const toSupervisor = bulletins.find((m) => m.to === 'supervisor.gan11@courts.example.cn')!;
  expect(toSupervisor.text).toContain(urgedOrder);
  expect(toSupervisor.text).toMatch(/监察部门/);
  // No office of its own at a basic court: nobody else's office gets its 通报.
  const to1126 = bulletins.filter((m) => m.tags.courtCode === '赣1126').map((m) => m.to);
  expect(to1126.filter((a) => a.startsWith('jiancha.'))).toEqual([]);
});

test('the ranking: peers by on-time rate, satisfaction and one pass; too few orders listed apart', async () => {
  const reply = await t.call('GET', `/v1/reports/ranking?month=${MONTH}&level=basic`, { token: auditor });
  expect(reply.status).toBe(200);
  const r = reply.body;
  expect(r).toMatchObject({ month: MONTH, level: 'basic', minOrders: 2, closed: true });
  const line = (code: string) => r.ranked.find((l: { courtCode: string }) => l.courtCode === code);
  expect(line('赣1126')).toMatchObject({ ordersJudged: 2, rates: { onTime: 1 }, ranks: { onTime: 1 } });
  expect(line('赣0102')).toMatchObject({ ordersJudged: 2, rates: { onTime: 0.5 }, ranks: { onTime: 2 } });
  expect(line('赣1126').regionRanks.onTime).toBe(1);
  expect(line('赣0102').regionRanks.onTime).toBe(1);
  expect(r.apart.map((l: { courtCode: string }) => l.courtCode)).toContain('赣1102');
  expect(line('赣1102')).toBeUndefined();
  const intermediate = await t.call('GET', `/v1/reports/ranking?month=${MONTH}&level=intermediate`, {
    token: auditor,
  });
  expect(intermediate.body.ranked.map((l: { courtCode: string }) => l.courtCode).sort()).toEqual([
    '赣01',
    '赣11',
  ]);
});

test('a supervisor reads the lines of their own scope; a handler none', async () => {
  const s11 = await t.token('supervisor', '赣11');
  const theirs = await t.call('GET', `/v1/reports/ranking?month=${MONTH}&level=basic`, { token: s11 });
  const codes = [...theirs.body.ranked, ...theirs.body.apart].map((l: { courtCode: string }) => l.courtCode);
  expect(codes).toContain('赣1126');
  expect(codes).not.toContain('赣0102');
  const handler = await t.token('handler', '赣1126');
  expect((await t.call('GET', `/v1/reports/ranking?month=${MONTH}`, { token: handler })).status).toBe(403);
  const bulletin = await t.call('GET', `/v1/reports/bulletin?month=${MONTH}&courtCode=赣1126`, {
    token: await t.token('supervisor', '赣1126'),
  });
  expect(bulletin.status).toBe(200);
  expect(bulletin.body.urged.map((o: { orderId: string }) => o.orderId)).toEqual([urgedOrder]);
  expect(JSON.stringify(bulletin.body)).not.toContain(complaintOrder);
  expect(
    (
      await t.call('GET', `/v1/reports/bulletin?month=${MONTH}&courtCode=赣0102`, {
        token: await t.token('supervisor', '赣1126'),
      })
    ).status,
  ).toBe(403);
});

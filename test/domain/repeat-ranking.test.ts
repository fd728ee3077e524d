import { readFileSync } from 'node:fs';
import type { CitizenRequest } from '../../domain/citizen-request';
import { CourtDirectory } from '../../domain/courts';
import { emptyCounts, lateAndUnansweredAt, onePassRate } from '../../domain/figures';
import { createOrder, type OrderContext } from '../../domain/order';
import { acceptOrder, replyToOrder, returnOrder } from '../../domain/order-round';
import { rankCourts } from '../../domain/ranking';
import { caseKey, firewallAllowsLink, likelyMatch, matterOf } from '../../domain/repeat-requests';
import { WorkingCalendar } from '../../domain/working-days';

/** Issue 20's rules as pure functions: the likely match, the late-and-open snapshot, one pass, ranks. */
const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const calendar = new WorkingCalendar();
const ctx = (iso: string): OrderContext => ({ now: new Date(iso), calendar, courts });
const agent = { sub: 'a', role: 'agent' as const, court: '赣' };

const request = (over: Partial<CitizenRequest>): CitizenRequest => ({
  requestId: 'RQ',
  trackingNo: 'T',
  accessCodeHash: '',
  channel: 'hotline',
  category: 'case_progress',
  content: '',
  contact: { name: '', phone: '' },
  caseNumber: null,
  courtCode: null,
  status: 'received',
  createdAt: '2026-03-01T02:00:00Z',
  createdBy: null,
  answer: null,
  settledAt: null,
  settledBy: null,
  orderId: null,
  version: 1,
  ...over,
});

describe('the likely match', () => {
  const now = new Date('2026-03-20T02:00:00Z');
  const old = request({ requestId: 'R1', courtCode: '赣1126', createdAt: '2026-01-10T02:00:00Z' });
  const recent = request({ requestId: 'R2', courtCode: '赣1126', createdAt: '2026-03-10T02:00:00Z' });
  const byCase = request({
    requestId: 'R3',
    caseNumber: '(2025)赣1126民初5号',
    createdAt: '2025-06-01T02:00:00Z',
  });
  const repeat = request({
    requestId: 'R4',
    caseNumber: '(2025)赣1126民初5号',
    createdAt: '2026-03-15T02:00:00Z',
    repeatOf: { requestId: 'R3', trackingNo: 'T3', courtCode: '赣1126' },
  });
  const newestFirst = [repeat, recent, old, byCase];

  test('the same case number, whenever it was, written either way; never a repeat itself', () => {
    expect(caseKey('（2025）赣1126 民初5号')).toBe(caseKey('(2025)赣1126民初5号'));
    expect(likelyMatch(courts, newestFirst, { caseNumber: '（2025）赣1126民初5号' }, now)?.requestId).toBe(
      'R3',
    );
  });

  test('else the same court and category within 60 days', () => {
    expect(
      likelyMatch(courts, newestFirst, { courtCode: '赣1126', category: 'case_progress' }, now)?.requestId,
    ).toBe('R2');
    expect(likelyMatch(courts, [old], { courtCode: '赣1126', category: 'case_progress' }, now)).toBeNull();
    expect(
      likelyMatch(courts, newestFirst, { courtCode: '赣1126', category: 'enforcement' }, now),
    ).toBeNull();
  });

  test('a link to a repeat goes to its matter; a request cannot repeat itself or a later one', () => {
    const root = request({ requestId: 'R3', createdAt: '2025-06-01T02:00:00Z' });
    const me = request({ requestId: 'R9', createdAt: '2026-03-20T02:00:00Z' });
    expect(matterOf(courts, me, repeat, root).requestId).toBe('R3');
    expect(() => matterOf(courts, me, me, null)).toThrow('repeat itself');
    expect(() =>
      matterOf(courts, request({ requestId: 'R0', createdAt: '2025-01-01T00:00:00Z' }), recent, null),
    ).toThrow('earlier request');
  });
});

describe('the firewall between a repeat and its matter', () => {
  const now = new Date('2026-03-20T02:00:00Z');
  const caseNumber = '(2026)赣1126民初9号';
  const ordinary = request({ requestId: 'R1', caseNumber, createdAt: '2026-03-10T02:00:00Z' });
  const complaint = request({
    requestId: 'R2',
    caseNumber,
    category: 'complaint',
    createdAt: '2026-03-11T02:00:00Z',
  });
  const me = (over: Partial<CitizenRequest>) =>
    request({ requestId: 'R9', createdAt: now.toISOString(), ...over });

  test("a complaint or report never joins, nor is offered, the accused court's ordinary order", () => {
    for (const category of ['complaint', 'interference_report'] as const) {
      expect(firewallAllowsLink(courts, { category, caseNumber }, ordinary)).toBe(false);
      expect(() => matterOf(courts, me({ category, caseNumber }), ordinary, null)).toThrow(
        'supervision office',
      );
      expect(likelyMatch(courts, [ordinary], { category, caseNumber }, now)).toBeNull();
    }
  });

  test('it joins a complaint handled by the same supervision office; an ordinary request joins either', () => {
    expect(
      matterOf(courts, me({ category: 'interference_report', caseNumber }), complaint, null).requestId,
    ).toBe('R2');
    expect(
      likelyMatch(courts, [complaint, ordinary], { category: 'complaint', caseNumber }, now)?.requestId,
    ).toBe('R2');
    expect(firewallAllowsLink(courts, { category: 'case_progress', caseNumber }, complaint)).toBe(true);
    expect(firewallAllowsLink(courts, { caseNumber }, ordinary)).toBe(true);
    // About 上饶中院 itself (handled at the high court): never by its own office, where R2 is.
    expect(firewallAllowsLink(courts, { category: 'complaint', courtCode: '赣11' }, complaint)).toBe(false);
  });
});

describe('late and still open (超期未办结)', () => {
  // Dispatched Monday 9 March 2026 10:00, due Tuesday 17:30 (09:30Z).
  const order = createOrder(
    {
      orderId: 'GD1',
      requestId: 'RQ1',
      trackingNo: 'T',
      category: 'case_progress',
      channel: 'web',
      courtCode: '赣1126',
      subjectCourtCode: '赣1126',
      firewalled: false,
      routingReason: '',
    },
    ctx('2026-03-09T02:00:00Z'),
    agent,
  );
  const at = (iso: string) => Date.parse(iso);

  test('an unanswered order is late and open from its deadline on, at the court holding it', () => {
    expect(lateAndUnansweredAt(order, at('2026-03-10T09:00:00Z'))).toBeNull();
    expect(lateAndUnansweredAt(order, at('2026-03-10T10:00:00Z'))).toBe('赣1126');
    expect(lateAndUnansweredAt(order, at('2026-05-01T00:00:00Z'))).toBe('赣1126');
  });

  test('answered, or returned to the center, it is not: the snapshot replays history up to the instant', () => {
    const replied = replyToOrder(
      acceptOrder(order, ctx('2026-03-11T02:00:00Z'), agent),
      ctx('2026-03-11T03:00:00Z'),
      agent,
      '答复',
    );
    expect(lateAndUnansweredAt(replied, at('2026-03-11T00:00:00Z'))).toBe('赣1126');
    expect(lateAndUnansweredAt(replied, at('2026-03-12T00:00:00Z'))).toBeNull();
    const returned = returnOrder(order, ctx('2026-03-09T06:00:00Z'), agent, '非本院');
    expect(lateAndUnansweredAt(returned, at('2026-03-12T00:00:00Z'))).toBeNull();
  });
});

test('one pass: repeats and second passes are the requests not resolved in one pass', () => {
  const c = emptyCounts();
  c.requests.total = 283_000;
  c.requests.repeat = 12_200;
  c.orders.secondPass = 1_950;
  expect(onePassRate(c)!.toFixed(3)).toBe('0.950');
  expect(onePassRate(emptyCounts())).toBeNull();
});

describe('the ranking', () => {
  const counts = (onTime: number, late: number) => {
    const c = emptyCounts();
    c.requests.total = 100;
    c.orders.onTime = onTime;
    c.orders.late = late;
    return c;
  };
  const figures: Record<string, ReturnType<typeof counts>> = {
    赣1126: counts(9, 1),
    赣1125: counts(8, 2),
    赣0102: counts(9, 1),
    赣0103: counts(1, 0),
  };
  const ranking = rankCourts(courts, '2026-03', 'basic', (c) => figures[c] ?? emptyCounts(), 5);

  test('peers share a place on equal rates; the next place skips; too few orders are listed apart', () => {
    const line = (code: string) => ranking.ranked.find((l) => l.courtCode === code)!;
    expect(line('赣1126').ranks.onTime).toBe(1);
    expect(line('赣0102').ranks.onTime).toBe(1);
    expect(line('赣1125').ranks.onTime).toBe(3);
    expect(ranking.apart.map((l) => l.courtCode)).toContain('赣0103');
    expect(ranking.ranked.map((l) => l.courtCode)).not.toContain('赣0103');
  });

  test('a basic court is also placed within its intermediate court', () => {
    const line = (code: string) => ranking.ranked.find((l) => l.courtCode === code)!;
    expect(line('赣1125').regionRanks?.onTime).toBe(2);
    expect(line('赣0102').regionRanks?.onTime).toBe(1);
  });
});

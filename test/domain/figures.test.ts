import { readFileSync } from 'node:fs';
import { CourtDirectory } from '../../domain/courts';
import { dayPeriod, FigureBook, monthPeriod, previousMonthDay, sameDayLastYear } from '../../domain/figures';
import { createOrder, type OrderContext, SYSTEM } from '../../domain/order';
import { rateOrder } from '../../domain/order-callback';
import { acceptOrder, replyToOrder } from '../../domain/order-round';
import { WorkingCalendar } from '../../domain/working-days';
import { reportView } from '../../services/reports';
import { nightlyPeriods } from '../../services/rollup';

const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const calendar = new WorkingCalendar();
const ctx = (iso: string): OrderContext => ({ now: new Date(iso), calendar, courts });
const agent = { sub: 'a', role: 'agent' as const, court: '赣' };

function suggestionAnsweredEarly() {
  // A suggestion (10 working days) dispatched 21 Dec 2026, answered and closed the next day:
  // its deadline falls in January, after the order closed.
  let order = createOrder(
    {
      orderId: 'GD1',
      requestId: 'RQ1',
      trackingNo: 'T',
      category: 'suggestion',
      channel: 'web',
      courtCode: '赣1126',
      subjectCourtCode: '赣1126',
      firewalled: false,
      routingReason: '',
    },
    ctx('2026-12-21T02:00:00Z'),
    agent,
  );
  order = acceptOrder(order, ctx('2026-12-22T02:00:00Z'), agent);
  order = replyToOrder(order, ctx('2026-12-22T03:00:00Z'), agent, '答复');
  order = rateOrder(order, ctx('2026-12-23T02:00:00Z'), agent, 'satisfied', 'callback');
  return order;
}

test('a reply round is judged in the period of its deadline, even after the order closed', () => {
  const order = suggestionAnsweredEarly();
  expect(order.deadline.slice(0, 7)).toBe('2027-01');
  const december = new FigureBook(courts, monthPeriod('2026-12'), new Date('2027-02-01T00:00:00Z'));
  const january = new FigureBook(courts, monthPeriod('2027-01'), new Date('2027-02-01T00:00:00Z'));
  december.addOrder(order);
  january.addOrder(order);
  expect(december.counts('赣1126').orders).toMatchObject({ created: 1, replied: 1, closed: 1, onTime: 0 });
  expect(january.counts('赣1126').orders).toMatchObject({ created: 0, replied: 0, onTime: 1, late: 0 });
  expect(january.counts('赣').orders.onTime).toBe(1);
  expect(january.counts('赣01').orders.onTime).toBe(0);
});

test('an unanswered round is late once its deadline has passed, and not before', () => {
  const order = createOrder(
    {
      orderId: 'GD2',
      requestId: 'RQ2',
      trackingNo: 'T',
      category: 'case_progress',
      channel: 'web',
      courtCode: '赣0102',
      subjectCourtCode: '赣0102',
      firewalled: false,
      routingReason: '',
    },
    ctx('2026-11-23T01:00:00Z'),
    agent,
  );
  const dueDay = dayPeriod('2026-11-24');
  const before = new FigureBook(courts, dueDay, new Date('2026-11-24T09:00:00Z'));
  before.addOrder(order);
  expect(before.counts('赣0102').orders.late).toBe(0);
  const after = new FigureBook(courts, dueDay, new Date('2026-11-25T00:00:00Z'));
  after.addOrder(order);
  expect(after.counts('赣0102').orders.late).toBe(1);
  expect(SYSTEM.role).toBe('system');
});

test('按期答复率 is DOMAIN.md’s: replied by the deadline / replied; the unanswered late round is a figure of its own', () => {
  // In January 2027: the suggestion above replied on time, and a case query left unanswered past its deadline.
  const unanswered = createOrder(
    {
      orderId: 'GD3',
      requestId: 'RQ3',
      trackingNo: 'T',
      category: 'case_progress',
      channel: 'web',
      courtCode: '赣1126',
      subjectCourtCode: '赣1126',
      firewalled: false,
      routingReason: '',
    },
    ctx('2027-01-11T01:00:00Z'),
    agent,
  );
  const january = new FigureBook(courts, monthPeriod('2027-01'), new Date('2027-02-01T00:00:00Z'));
  january.addOrder(suggestionAnsweredEarly());
  january.addOrder(unanswered);
  const orders = january.counts('赣1126').orders;
  expect(orders).toMatchObject({ onTime: 1, late: 1, lateUnanswered: 1 });
  const figures = january.entries().find(([court]) => court === '赣1126')![1];
  const stored = { courtCode: '赣1126', period: '2027-01', asOf: '2027-02-01T00:00:00.000Z', ...figures };
  const report = reportView(stored, { mom: null, yoy: null });
  expect(report.onTimeRate).toBe(1);
  expect(report.dueOnTimeRate).toBe(0.5);
  expect(report.onTimeByCategory.case_progress?.rate).toBeNull();
});

test('the nightly job: two days, the month so far, and the month just ended in its first days', () => {
  const keys = (iso: string) => nightlyPeriods(new Date(iso)).map((p) => p.key);
  expect(keys('2026-11-15T16:30:00Z')).toEqual(['2026-11-14', '2026-11-15', '2026-11']);
  expect(keys('2026-11-30T16:30:00Z')).toEqual(['2026-11-29', '2026-11-30', '2026-11']); // 1 Dec 00:30 Shanghai
  expect(keys('2026-12-02T16:30:00Z')).toEqual(['2026-12-01', '2026-12-02', '2026-11', '2026-12']);
  expect(keys('2026-12-04T16:30:00Z')).toEqual(['2026-12-03', '2026-12-04', '2026-12']);
});

test('the nightly job also recomputes the past days a later decision marked stale, with their months', () => {
  const keys = (iso: string, stale: string[]) => nightlyPeriods(new Date(iso), stale).map((p) => p.key);
  // 16 Dec 00:30 Shanghai: yesterday stays second (the metrics publish it); a marked day of the
  // month and one of November bring November back.
  expect(keys('2026-12-15T16:30:00Z', ['2026-12-10', '2026-11-27', '2026-12-15'])).toEqual([
    '2026-12-14',
    '2026-12-15',
    '2026-11-27',
    '2026-12-10',
    '2026-11',
    '2026-12',
  ]);
});

test('comparison bases: the same day of last month and last year, when there is one', () => {
  expect(previousMonthDay('2026-03-31')).toBeNull();
  expect(previousMonthDay('2026-03-15')).toBe('2026-02-15');
  expect(previousMonthDay('2026-01-10')).toBe('2025-12-10');
  expect(sameDayLastYear('2028-02-29')).toBeNull();
});

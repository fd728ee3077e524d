import { readFileSync } from 'node:fs';
import { escalationCourt } from '../../domain/attribution';
import { CourtDirectory } from '../../domain/courts';
import { dayPeriod, FigureBook } from '../../domain/figures';
import { type Actor, createOrder, type Order, type OrderContext } from '../../domain/order';
import { recordEscalation, rescheduleForCalendar } from '../../domain/order-clock';
import { acceptOrder, decideReturn, rejectReply, replyToOrder, returnOrder } from '../../domain/order-round';
import { staleDays } from '../../domain/stale-days';
import { WorkingCalendar } from '../../domain/working-days';

/**
 * Issue 21's rules, as pure functions (DOMAIN.md: "Routing rules", "Working days", the ladder):
 * a calendar load never makes an order late after the fact; the center's own delay counts at the
 * center; a later decision names the past day whose figures it changes.
 */
const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const agent: Actor = { sub: 'agent-1', role: 'agent', court: '赣' };
const handler: Actor = { sub: 'handler-1', role: 'handler', court: '赣1126' };
const at = (calendar: WorkingCalendar, iso: string): OrderContext => ({
  now: new Date(iso),
  calendar,
  courts,
});

function dispatched(ctx: OrderContext): Order {
  return createOrder(
    {
      orderId: 'GD1',
      requestId: 'RQ1',
      trackingNo: 'T1',
      category: 'case_progress',
      channel: 'web',
      courtCode: '赣1126',
      subjectCourtCode: '赣1126',
      firewalled: false,
      routingReason: '案号',
    },
    ctx,
    agent,
  );
}

describe('a calendar load', () => {
  test('never moves a deadline into the past', () => {
    // Filed Fri 29 Jan 2027 10:00: on the fallback calendar due Mon 1 Feb 17:30.
    const calendar = new WorkingCalendar();
    const order = dispatched(at(calendar, '2027-01-29T02:00:00Z'));
    expect(order.deadline).toBe('2027-02-01T09:30:00.000Z');
    // Mon 1 Feb 10:00 the schedule arrives, with a make-up working Sunday 31 Jan: by its rules the
    // order was due on that Sunday, already past. The deadline stays.
    calendar.loadYear(2027, { holidays: ['2027-02-08'], workdays: ['2027-01-31'] });
    expect(rescheduleForCalendar(order, at(calendar, '2027-02-01T02:00:00Z'), 2027)).toBe(order);
  });

  test('still moves a deadline that stays ahead', () => {
    const calendar = new WorkingCalendar();
    const order = dispatched(at(calendar, '2027-01-29T02:00:00Z'));
    calendar.loadYear(2027, { holidays: ['2027-02-08'], workdays: ['2027-01-31'] });
    // Loaded on Sat 30 Jan: Sunday 31 Jan 17:30 is still ahead.
    const moved = rescheduleForCalendar(order, at(calendar, '2027-01-30T02:00:00Z'), 2027);
    expect(moved.deadline).toBe('2027-01-31T09:30:00.000Z');
  });
});

describe("the center's own delay", () => {
  test('its ladder steps count at the center (the high court), never at the court that returned in time', () => {
    const calendar = new WorkingCalendar();
    const monday = '2026-03-09T01:00:00Z';
    let order = returnOrder(
      dispatched(at(calendar, monday)),
      at(calendar, '2026-03-09T02:00:00Z'),
      handler,
      '非本院',
    );
    expect(order.stage).toBe('redispatch');
    // The center takes days to review: its own ladder runs.
    for (const [step, iso] of [
      ['warning', '2026-03-10T06:00:00Z'],
      ['level1', '2026-03-10T09:30:00Z'],
      ['level2', '2026-03-11T09:30:00Z'],
    ] as const)
      order = recordEscalation(order, at(calendar, iso), step, 1);
    order = decideReturn(order, at(calendar, '2026-03-11T10:00:00Z'), agent, {
      approved: true,
      note: '改派',
      courtCode: '赣1102',
    });
    const book = new FigureBook(
      courts,
      { key: '2026-03', start: new Date('2026-02-28T16:00:00Z'), end: new Date('2026-03-31T16:00:00Z') },
      new Date('2026-03-12T00:00:00Z'),
    );
    book.addOrder(order);
    expect(book.counts('赣1126').escalations).toEqual({ warning: 0, level1: 0, level2: 0, level3: 0 });
    expect(book.counts('赣11').escalations).toEqual({ warning: 0, level1: 0, level2: 0, level3: 0 });
    expect(book.counts('赣').escalations).toEqual({ warning: 1, level1: 1, level2: 1, level3: 0 });
  });

  test('whose time each stage is', () => {
    expect(escalationCourt(courts, 'reply', '赣1126')).toBe('赣1126');
    expect(escalationCourt(courts, 'review', '赣1126')).toBe('赣11');
    expect(escalationCourt(courts, 'redispatch', '赣1126')).toBe('赣');
    expect(escalationCourt(courts, 'callback', '赣1126')).toBe('赣');
  });
});

describe('a later decision names the past day whose figures it changes', () => {
  const calendar = new WorkingCalendar();
  const monday = '2026-03-09T01:00:00Z'; // due Tue 10 March 17:30
  const judged = (order: Order, asOf: string) => {
    const book = new FigureBook(courts, dayPeriod('2026-03-10'), new Date(asOf));
    book.addOrder(order);
    const { onTime, late } = book.counts('赣1126').orders;
    return { onTime, late };
  };

  test('a reply rejected three days after the deadline day', () => {
    let order = dispatched(at(calendar, monday));
    order = acceptOrder(order, at(calendar, '2026-03-09T02:00:00Z'), handler);
    order = replyToOrder(order, at(calendar, '2026-03-09T03:00:00Z'), handler, '答复');
    expect(judged(order, '2026-03-10T16:31:00Z')).toEqual({ onTime: 1, late: 0 });
    const rejected = rejectReply(order, at(calendar, '2026-03-13T02:00:00Z'), agent, '答非所问');
    expect(judged(rejected, '2026-03-13T16:31:00Z')).toEqual({ onTime: 0, late: 1 });
    expect(staleDays(order, rejected, new Date('2026-03-13T02:00:00Z'))).toEqual(['2026-03-10']);
  });

  test('a return rejected three days after the deadline day', () => {
    const order = returnOrder(
      dispatched(at(calendar, monday)),
      at(calendar, '2026-03-09T02:00:00Z'),
      handler,
      '非本院',
    );
    expect(judged(order, '2026-03-10T16:31:00Z')).toEqual({ onTime: 0, late: 0 });
    const rejected = decideReturn(order, at(calendar, '2026-03-13T02:00:00Z'), agent, {
      approved: false,
      note: '属本院',
    });
    expect(judged(rejected, '2026-03-13T16:31:00Z')).toEqual({ onTime: 0, late: 1 });
    expect(staleDays(order, rejected, new Date('2026-03-13T02:00:00Z'))).toEqual(['2026-03-10']);
  });

  test('a decision before the deadline day names none; a late reply names its deadline day', () => {
    let order = dispatched(at(calendar, monday));
    order = acceptOrder(order, at(calendar, '2026-03-09T02:00:00Z'), handler);
    order = replyToOrder(order, at(calendar, '2026-03-09T03:00:00Z'), handler, '答复');
    expect(
      staleDays(
        order,
        rejectReply(order, at(calendar, '2026-03-09T04:00:00Z'), agent, '答非所问'),
        new Date('2026-03-09T04:00:00Z'),
      ),
    ).toEqual([]);
    const late = dispatched(at(calendar, monday));
    const replied = replyToOrder(
      acceptOrder(late, at(calendar, '2026-03-12T02:00:00Z'), handler),
      at(calendar, '2026-03-12T03:00:00Z'),
      handler,
      '答复',
    );
    // The deadline day counted the round late and unanswered (orders.lateUnanswered); the reply
    // judges it again there, as late and replied.
    expect(staleDays(late, replied, new Date('2026-03-12T03:00:00Z'))).toEqual(['2026-03-10']);
  });
});

import { readFileSync } from 'node:fs';
import { CourtDirectory } from '../../domain/courts';
import type { ClockStep } from '../../domain/ladder';
import { type Actor, createOrder, type Order, type OrderContext } from '../../domain/order';
import { rateOrder } from '../../domain/order-callback';
import { acceptOrder, replyToOrder } from '../../domain/order-round';
import { audiencesFor } from '../../domain/recipients';
import { WorkingCalendar } from '../../domain/working-days';

/**
 * DOMAIN.md's ladder: each level reaches someone the previous level did not, on a reopened round
 * and on a pending review as on a first round. Audiences are written `role@court` (`+unit`).
 */
const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const ctx: OrderContext = { now: new Date('2026-03-09T01:00:00Z'), calendar: new WorkingCalendar(), courts };
const agent: Actor = { sub: 'agent-1', role: 'agent', court: '赣' };
const handler: Actor = { sub: 'handler-1', role: 'handler', court: '赣1126' };

function dispatched(courtCode: string): Order {
  return createOrder(
    {
      orderId: 'GD1',
      requestId: 'RQ1',
      trackingNo: 'T1',
      category: 'case_progress',
      channel: 'web',
      courtCode,
      subjectCourtCode: courtCode,
      firewalled: false,
      routingReason: '案号',
    },
    ctx,
    agent,
  );
}

/** Replied and rated unsatisfied `times` times: reopened (1, 2), then a pending review (3). */
function unsatisfied(order: Order, times: number): Order {
  let o = order;
  for (let i = 0; i < times; i++) {
    o = replyToOrder(acceptOrder(o, ctx, handler), ctx, handler, '答复');
    o = rateOrder(o, ctx, agent, 'unsatisfied', 'callback');
  }
  return o;
}

const ladder = (order: Order) =>
  Object.fromEntries(
    (['warning', 'level1', 'level2', 'level3'] as ClockStep[]).map((step) => [
      step,
      audiencesFor(courts, order, step)
        .map((a) => `${a.role}@${a.court}${a.unit ? `+${a.unit}` : ''}`)
        .sort()
        .join(' '),
    ]),
  );

test('a first round climbs the handling court, its superior, then the center', () => {
  expect(ladder(dispatched('赣1126'))).toEqual({
    warning: 'handler@赣1126',
    level1: 'supervisor@赣1126',
    level2: 'supervisor@赣11',
    level3: 'supervisor@赣 supervisor@赣+leadership',
  });
});

test('a reopened round copies the supervising court on every step, so its level 2 climbs past it', () => {
  const reopened = unsatisfied(dispatched('赣1126'), 1);
  expect(reopened.supervisingCourtCode).toBe('赣11');
  expect(ladder(reopened)).toEqual({
    warning: 'handler@赣1126 supervisor@赣11',
    level1: 'supervisor@赣11 supervisor@赣1126',
    level2: 'supervisor@赣 supervisor@赣11',
    level3: 'supervisor@赣 supervisor@赣+leadership supervisor@赣11',
  });
});

test("an intermediate court's reopened round: level 2 climbs past the high court to the center's leadership", () => {
  const reopened = unsatisfied(dispatched('赣11'), 1);
  expect(ladder(reopened)).toEqual({
    warning: 'handler@赣11 supervisor@赣',
    level1: 'supervisor@赣 supervisor@赣11',
    level2: 'supervisor@赣 supervisor@赣+leadership',
    level3: 'supervisor@赣 supervisor@赣+leadership',
  });
});

test('a pending review: warned to the supervisors who must close it, level 1 climbs past them', () => {
  const review = unsatisfied(dispatched('赣1126'), 3);
  expect(review.stage).toBe('review');
  expect(ladder(review)).toEqual({
    warning: 'supervisor@赣11',
    level1: 'supervisor@赣',
    level2: 'supervisor@赣+leadership',
    level3: 'supervisor@赣 supervisor@赣+leadership',
  });
});

// At the top (the high court's own reopened round or review) nobody stands above the center: not listed.
test('every level reaches someone new, below the top of the hierarchy', () => {
  for (const order of [
    dispatched('赣1126'),
    dispatched('赣'),
    unsatisfied(dispatched('赣1126'), 1),
    unsatisfied(dispatched('赣1126'), 2),
    unsatisfied(dispatched('赣1126'), 3),
  ]) {
    const steps = ladder(order);
    const order_ = ['warning', 'level1', 'level2'] as const;
    for (const [i, step] of order_.entries()) {
      const next = (['level1', 'level2', 'level3'] as const)[i]!;
      const before = new Set(steps[step]!.split(' '));
      expect(steps[next]!.split(' ').some((a) => !before.has(a))).toBe(true);
    }
  }
});

import { readFileSync } from 'node:fs';
import { CourtDirectory } from '../../domain/courts';
import { Refusal } from '../../domain/errors';
import { FigureBook, monthPeriod } from '../../domain/figures';
import { type Actor, createOrder, isLate, type Order, type OrderContext } from '../../domain/order';
import { rateOrder } from '../../domain/order-callback';
import {
  acceptOrder,
  decideExtension,
  decideReturn,
  redispatchOrder,
  rejectReply,
  replyToOrder,
  requestExtension,
  returnOrder,
  urgeOrder,
} from '../../domain/order-round';
import { WorkingCalendar } from '../../domain/working-days';

/**
 * The order's rules as pure functions, no I/O. Times are Shanghai wall times in a plain week:
 * Mon 2026-11-23 .. Fri 2026-11-27, then Mon 2026-11-30 ... A 1-working-day order dispatched
 * Monday 09:00 is due Tuesday 17:30.
 */
const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
const calendar = new WorkingCalendar();
const at = (date: string, hhmm: string): OrderContext => ({
  now: new Date(`${date}T${hhmm}:00+08:00`),
  calendar,
  courts,
});
const agent: Actor = { sub: 'agent-1', role: 'agent', court: '赣' };
const handler: Actor = { sub: 'handler-1', role: 'handler', court: '赣1126' };
const supervisor: Actor = { sub: 'sup-11', role: 'supervisor', court: '赣11' };
const TUESDAY_DEADLINE = '2026-11-24T09:30:00.000Z';

function dispatchedMonday(): Order {
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
    at('2026-11-23', '09:00'),
    agent,
  );
}

const refusalCode = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof Refusal) return `${error.kind}:${error.code}`;
    throw error;
  }
  return 'no refusal';
};

/** How the November figures judge the order's rounds at 赣1126, as of a late date. */
function judged(order: Order) {
  const book = new FigureBook(courts, monthPeriod('2026-11'), new Date('2026-12-31T00:00:00Z'));
  book.addOrder(order);
  const { onTime, late, replyRejected, urged, returned } = book.counts('赣1126').orders;
  return { onTime, late, replyRejected, urged, returned };
}

describe('lateness sticks: an extension', () => {
  test('may only be asked before the deadline', () => {
    // Prepare
    const order = dispatchedMonday();
    // Act
    const code = refusalCode(() => requestExtension(order, at('2026-11-25', '10:00'), handler, '调卷', 5));
    // Assess
    expect(code).toBe('conflict:too_late');
    expect(requestExtension(order, at('2026-11-24', '17:00'), handler, '调卷', 5).extension?.status).toBe(
      'pending',
    );
  });

  test('approved after the deadline moves it, but the round stays late, at its level, and is judged late', () => {
    // Prepare: asked Tuesday 17:00 (in time), approved Wednesday 10:00 (after level 1 went out).
    let order = requestExtension(dispatchedMonday(), at('2026-11-24', '17:00'), handler, '调卷', 5);
    order = { ...order, escalationLevel: 1 };
    // Act
    order = decideExtension(order, at('2026-11-25', '10:00'), supervisor, true, '同意');
    // Assess
    expect(order.deadline).toBe('2026-12-01T09:30:00.000Z'); // Tue + 5 working days
    expect(isLate(order, at('2026-11-25', '10:00').now)).toBe(true);
    expect(order.escalationLevel).toBe(1);
    // The ladder keeps level 1: it goes on from level 2 if the new deadline is missed too.
    expect(order.keptLevel).toBe(1);
    order = acceptOrder(order, at('2026-11-26', '09:00'), handler);
    order = replyToOrder(order, at('2026-11-26', '10:00'), handler, '答复');
    expect(order.repliedLate).toBe(true);
    expect(judged(order)).toMatchObject({ onTime: 0, late: 1 });
  });

  test("a late round's lateness does not follow the order into its reopened round", () => {
    let order = requestExtension(dispatchedMonday(), at('2026-11-24', '17:00'), handler, '调卷', 1);
    order = decideExtension(order, at('2026-11-25', '10:00'), supervisor, true, '同意');
    order = acceptOrder(order, at('2026-11-25', '11:00'), handler);
    order = replyToOrder(order, at('2026-11-25', '12:00'), handler, '答复');
    order = rateOrder(order, at('2026-11-25', '15:00'), agent, 'unsatisfied', 'callback');
    expect(order).toMatchObject({ status: 'dispatched', reopenCount: 1 });
    order = acceptOrder(order, at('2026-11-26', '09:00'), handler);
    expect(replyToOrder(order, at('2026-11-26', '10:00'), handler, '再答复').repliedLate).toBe(false);
  });

  test('approved in time gives the round its new deadline', () => {
    let order = requestExtension(dispatchedMonday(), at('2026-11-23', '10:00'), handler, '调卷', 2);
    order = decideExtension(order, at('2026-11-23', '11:00'), supervisor, true, '');
    expect(order.keptLevel).toBeNull();
    order = acceptOrder(order, at('2026-11-25', '09:00'), handler);
    order = replyToOrder(order, at('2026-11-25', '10:00'), handler, '答复');
    expect(order.repliedLate).toBe(false);
    expect(judged(order)).toMatchObject({ onTime: 1, late: 0 });
    // The approval is no new order: the clock must not send a second notice.
    expect(
      decideExtension(
        requestExtension(dispatchedMonday(), at('2026-11-23', '10:00'), handler, '调卷', 2),
        at('2026-11-23', '11:00'),
        supervisor,
        true,
        '',
      ).stepsSent,
    ).toEqual(['notice']);
  });
});

describe('lateness sticks: a return', () => {
  const returned = () => returnOrder(dispatchedMonday(), at('2026-11-23', '10:00'), handler, '非本院');

  test('rejected: back to the same court with its original deadline, late at once if past, and judged', () => {
    // Act: the center rejects the return on Wednesday, after the original deadline.
    let order = decideReturn(returned(), at('2026-11-25', '09:00'), agent, {
      approved: false,
      note: '属本院',
    });
    // Assess
    expect(order).toMatchObject({ status: 'dispatched', courtCode: '赣1126', deadline: TUESDAY_DEADLINE });
    expect(isLate(order, at('2026-11-25', '09:00').now)).toBe(true);
    expect(judged(order)).toMatchObject({ late: 1, returned: 1 });
    order = acceptOrder(order, at('2026-11-25', '10:00'), handler);
    order = replyToOrder(order, at('2026-11-25', '11:00'), handler, '答复');
    expect(order.repliedLate).toBe(true);
    expect(judged(order)).toMatchObject({ onTime: 0, late: 1 });
  });

  test('re-dispatched to the court that returned it is a rejection: the clock does not restart', () => {
    const order = redispatchOrder(returned(), at('2026-11-25', '09:00'), agent, '赣1126');
    expect(order.deadline).toBe(TUESDAY_DEADLINE);
    expect(order.history.at(-1)?.action).toBe('return_rejected');
  });

  test('approved: a new round at another court; the returned round is never judged', () => {
    const order = decideReturn(returned(), at('2026-11-25', '09:00'), agent, {
      approved: true,
      note: '改派',
      courtCode: '赣1102',
    });
    expect(order).toMatchObject({ status: 'dispatched', courtCode: '赣1102' });
    expect(order.deadline).toBe('2026-11-26T09:30:00.000Z');
    expect(judged(order)).toMatchObject({ onTime: 0, late: 0, returned: 1 });
    expect(
      refusalCode(() =>
        decideReturn(returned(), at('2026-11-25', '09:00'), agent, { approved: true, note: '' }),
      ),
    ).toBe('invalid:court_required');
  });
});

describe("the center's rejection of a reply (答复不合格)", () => {
  test('reopens the round at the court with its original deadline; the reply that stands judges it', () => {
    // Prepare: replied on time Monday.
    let order = acceptOrder(dispatchedMonday(), at('2026-11-23', '10:00'), handler);
    order = replyToOrder(order, at('2026-11-23', '11:00'), handler, '敷衍的答复');
    expect(judged(order)).toMatchObject({ onTime: 1, late: 0 });
    // Act: rejected; the court answers again on Wednesday, after the original deadline.
    order = rejectReply(order, at('2026-11-23', '14:00'), agent, '未回应诉求');
    // Assess
    expect(order).toMatchObject({
      status: 'accepted',
      deadline: TUESDAY_DEADLINE,
      answer: null,
      stage: 'reply',
    });
    order = replyToOrder(order, at('2026-11-25', '10:00'), handler, '认真的答复');
    expect(order.repliedLate).toBe(true);
    expect(judged(order)).toMatchObject({ onTime: 0, late: 1, replyRejected: 1 });
    order = rateOrder(order, at('2026-11-25', '15:00'), agent, 'satisfied', 'callback');
    expect(judged(order)).toMatchObject({ onTime: 0, late: 1 });
  });
});

test('urging is a line of history, counted, on an order the court has in hand', () => {
  const order = urgeOrder(dispatchedMonday(), at('2026-11-23', '15:00'), agent, '请尽快答复');
  expect(order.history.at(-1)).toMatchObject({ action: 'urged', note: '请尽快答复' });
  expect(judged(order)).toMatchObject({ urged: 1 });
  const replied = replyToOrder(
    acceptOrder(dispatchedMonday(), at('2026-11-23', '10:00'), handler),
    at('2026-11-23', '11:00'),
    handler,
    '答复',
  );
  expect(refusalCode(() => urgeOrder(replied, at('2026-11-23', '15:00'), agent, '催'))).toBe(
    'conflict:wrong_state',
  );
});

import { createOrder } from '../../domain/order';
import { routeOrder } from '../../domain/routing';
import { getContainer } from '../../functions/commons/container';
import { runAsCall } from '../../services/call-context';
import { orderIdFor } from '../../services/ids';
import { createOrderForRequest } from '../../services/requests';
import { citizen, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/** Creating an order from a request: the agent's override, and a repeated creation, against the local stack. */
let t: TestStack;
let agent: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  agent = await t.token('agent', '赣');
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

const file = async (body: Record<string, unknown> = {}) =>
  (
    await t.call('POST', '/v1/requests', {
      body: {
        channel: 'web',
        category: 'case_progress',
        content: '想了解案件进展',
        contact: citizen,
        ...body,
      },
    })
  ).body.requestId as string;
const order = (requestId: string, body: unknown = {}) =>
  t.call('POST', `/v1/requests/${requestId}/orders`, { token: agent, body });

test("an agent's override routes a request that names no court; an unknown court is 422 unknown_court", async () => {
  const requestId = await file();
  expect((await order(requestId)).body.error.code).toBe('unroutable');
  const unknown = await order(requestId, { courtCode: '京01' });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error.code).toBe('unknown_court');
  const routed = await order(requestId, { courtCode: '赣0102' });
  expect(routed.status).toBe(201);
  expect(routed.body.courtCode).toBe('赣0102');
});

test('a repeated creation is judged on its body first, then refused with the existing order', async () => {
  const requestId = await file({ courtCode: '赣1126' });
  const first = await order(requestId);
  expect(first.status).toBe(201);
  const unknown = await order(requestId, { courtCode: '京01' });
  expect(unknown.status).toBe(422);
  expect(unknown.body.error.code).toBe('unknown_court');
  const again = await order(requestId, {});
  expect(again.status).toBe(409);
  expect(again.body.error).toMatchObject({
    code: 'already_ordered',
    details: [{ orderId: first.body.orderId }],
  });
});

test('a creation cut short between its two writes is completed by a retry, not refused', async () => {
  const requestId = await file({ courtCode: '赣1126' });
  // The order item is written, the request still says `received`: a crash between the two writes.
  const s = getContainer();
  const request = (await s.requests.get(requestId))!;
  const route = routeOrder(s.courts, { category: request.category, courtCode: '赣1126' });
  const written = createOrder(
    {
      orderId: orderIdFor(requestId),
      requestId,
      trackingNo: request.trackingNo,
      category: request.category,
      channel: request.channel,
      ...route,
      routingReason: route.reason,
    },
    { now: s.clock.now(), calendar: s.calendar, courts: s.courts },
    { sub: 'agent-赣', role: 'agent', court: '赣' },
  );
  expect(await s.orders.create(written)).toBe(true);
  const retried = await order(requestId);
  expect(retried.status).toBe(201);
  expect(retried.body.orderId).toBe(written.orderId);
  expect((await s.requests.get(requestId))!.status).toBe('ordered');
});

test('the same idempotent call run again after a crash finds the order it wrote; another call is refused', async () => {
  const requestId = await file({ courtCode: '赣1126' });
  const s = getContainer();
  const staff = { sub: 'agent-赣', role: 'agent' as const, court: '赣' };
  const call = (id: string) => ({
    id,
    bodyHash: '',
    replayed: () => {},
    seal: (x: string) => x,
    unseal: (x: string) => x,
  });
  const first = await runAsCall(call('call-1'), () => createOrderForRequest(s, staff, requestId, undefined));
  // Both writes done, the answer lost with the crash: the key's lease runs out and the call runs again.
  const again = await runAsCall(call('call-1'), () => createOrderForRequest(s, staff, requestId, undefined));
  expect(again.orderId).toBe(first.orderId);
  await expect(
    runAsCall(call('call-2'), () => createOrderForRequest(s, staff, requestId, undefined)),
  ).rejects.toMatchObject({ code: 'already_ordered' });
});

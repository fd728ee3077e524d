import { citizen, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/** `GET /_local/outbox`: every message sent, or with `?since=` only the latest ones (docs/local-stack.md). */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

async function orderAt(courtCode: string): Promise<string> {
  const agent = await t.token('agent', '赣');
  const request = await t.call('POST', '/v1/requests', {
    token: agent,
    body: {
      channel: 'hotline',
      category: 'case_progress',
      content: '想了解案件进展',
      contact: citizen,
      courtCode,
    },
  });
  const order = await t.call('POST', `/v1/requests/${request.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  expect(order.status).toBe(201);
  return order.body.orderId;
}

test('since= lists only the messages sent at or after it; without it, every message', async () => {
  const first = await orderAt('赣1126');
  await t.advance({ advance: 'PT2H' });
  const since = (await t.call('GET', '/_local/clock')).body.now as string;
  const second = await orderAt('赣0102');

  const all = (await t.call('GET', '/_local/outbox')).body.items as Array<{
    sentAt: string;
    tags: { orderId?: string };
  }>;
  const recent = (await t.call('GET', `/_local/outbox?since=${encodeURIComponent(since)}`)).body
    .items as typeof all;
  expect(all.some((m) => m.tags.orderId === first)).toBe(true);
  expect(all.some((m) => m.tags.orderId === second)).toBe(true);
  expect(recent.some((m) => m.tags.orderId === second)).toBe(true);
  expect(recent.some((m) => m.tags.orderId === first)).toBe(false);
  expect(recent).toEqual(all.filter((m) => m.sentAt >= since));
  expect(recent.length).toBeLessThan(all.length);
  // The same time with Shanghai's offset (the '+' encoded), 8 hours ahead on the face of it.
  const shanghai = new Date(Date.parse(since) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
  const same = await t.call('GET', `/_local/outbox?since=${encodeURIComponent(shanghai)}`);
  expect(same.body.items).toEqual(recent);
});

test.each([
  'yesterday',
  '0',
  '2026-12-01',
  'Jan 5 2026 10:00',
  '2026-12-01T09:00:00 08:00',
  '2026-13-01T00:00:00Z',
  '2026-11-30T24:00Z',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59-01:00',
])('since=%s, not a time with its offset, is a 400 with a JSON error', async (since) => {
  const res = await t.call('GET', `/_local/outbox?since=${encodeURIComponent(since)}`);
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_query');
});

test('a second since= is a 400, not ignored', async () => {
  const res = await t.call('GET', '/_local/outbox?since=2026-12-01T09:00Z&since=garbage');
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('invalid_query');
});

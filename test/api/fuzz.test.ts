import fc from 'fast-check';
import { ROUTE_LIST } from '../../functions/api/routes';
import { citizen, newOrder, nextWorkingMonday, startTestStack, type TestStack } from '../support/local';

/**
 * "Every input a client can send gets either the right answer or a clear 4xx with a JSON error;
 * never a 5xx." Arbitrary bodies, path values, query strings, headers and tokens, on every route
 * of the route table, against the running local stack.
 */
let t: TestStack;
let tokens: string[];
let ids: { orderId: string; requestId: string; trackingNo: string };

beforeAll(async () => {
  t = await startTestStack({ startAt: nextWorkingMonday() });
  const made = await newOrder(t);
  ids = { orderId: made.orderId, requestId: made.requestId, trackingNo: made.trackingNo };
  tokens = [
    await t.token('agent', '赣'),
    await t.token('handler', '赣1126'),
    await t.token('supervisor', '赣11'),
    await t.token('auditor', '赣'),
    await t.stack.tokens.mint({ sub: 'x', role: 'agent', court: '赣9999' }),
    'not.a.jwt',
    '',
  ];
});
afterAll(() => t.stop());

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom(
      'web',
      'hotline',
      'complaint',
      'satisfied',
      '赣1126',
      '(2026)赣1126民初1号',
      '__proto__',
      'constructor',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          'channel',
          'category',
          'content',
          'contact',
          'courtCode',
          'rating',
          'token',
          'reached',
          'workingDays',
          'approved',
          'answer',
          'reason',
          '__proto__',
        ),
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

/** Bodies that look almost right: a valid shape with one field replaced by anything. */
const nearlyRight = fc.record({
  channel: fc.oneof(fc.constantFrom('web', 'wechat', 'hotline', 'window'), json),
  category: fc.oneof(fc.constantFrom('case_progress', 'complaint'), json),
  content: fc.oneof(fc.string({ maxLength: 100 }), json),
  contact: fc.oneof(fc.constant(citizen), json),
  caseNumber: fc.oneof(fc.constant('(2026)赣1126民初1号'), fc.string(), json),
  courtCode: fc.oneof(fc.constantFrom('赣', '赣1126', '沪01'), json),
  reached: fc.oneof(fc.boolean(), json),
  rating: fc.oneof(fc.constantFrom('satisfied', 'unsatisfied'), json),
  workingDays: fc.oneof(fc.integer({ min: -2, max: 8 }), json),
  answer: fc.oneof(fc.string({ maxLength: 20 }), json),
  reason: fc.oneof(fc.string({ maxLength: 20 }), json),
  approved: fc.oneof(fc.boolean(), json),
  token: fc.oneof(fc.string(), json),
  subject: fc.oneof(fc.constantFrom('赣1126-W01', 'RQ0000'), json),
});

// Built lazily: the ids exist only once beforeAll has made an order.
const pathValue = () =>
  fc.oneof(
    fc.constantFrom(
      ids.orderId,
      ids.requestId,
      ids.trackingNo,
      'GD',
      'RQ',
      '%00',
      '..',
      '%E8%B5%A3',
      'GD0000000000000000',
    ),
    fc.stringMatching(/^[A-Za-z0-9%._~-]{1,60}$/),
  );

test('no route answers 5xx, and every refusal is a JSON error', async () => {
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ROUTE_LIST),
      fc.oneof(json, nearlyRight),
      fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
      fc.dictionary(
        fc.constantFrom('limit', 'cursor', 'status', 'late', 'from', 'to', 'courtCode', 'month', 'date'),
        fc.string({ maxLength: 40 }),
        { maxKeys: 4 },
      ),
      fc.nat({ max: 100 }),
      fc.option(fc.string({ minLength: 0, maxLength: 200 }), { nil: undefined }),
      fc.boolean(),
      pathValue(),
      async (route, body, raw, query, tokenIndex, idempotencyKey, rawBody, param) => {
        const path = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(param));
        const search = new URLSearchParams(query).toString();
        const headers: Record<string, string> = {};
        if (idempotencyKey !== undefined)
          headers['idempotency-key'] = idempotencyKey.replace(/[^\x20-\x7e]/g, 'x');
        const token = tokens[tokenIndex % (tokens.length + 2)];
        const reply = await t.call(route.method, `${path}${search ? `?${search}` : ''}`, {
          ...(token ? { token } : {}),
          headers,
          ...(route.method === 'POST' ? (rawBody && raw !== undefined ? { raw } : { body }) : {}),
        });
        seen.add(reply.status);
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400) {
          expect(typeof reply.body?.error?.code).toBe('string');
          expect(typeof reply.body?.error?.message).toBe('string');
        }
      },
    ),
    { numRuns: 600, seed: 12368 },
  );
  // The inputs reached the handlers, not just the router: answers and each kind of refusal.
  expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 401, 403, 404, 422]));
}, 300_000);

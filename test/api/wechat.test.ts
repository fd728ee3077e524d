import { randomUUID } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { CITIZEN_AUDIENCE, CITIZEN_ISSUER } from '../../adapters/citizen-sessions';
import { LOCAL_TEMPLATES } from '../../local/stack';
import { WeChatStandIn } from '../../local/wechat-stand-in';
import { type OutboxItem, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 12, citizens on WeChat, against the running local stack and its WeChat stand-in: sign-in
 * with a wx.login code, filing on the wechat channel, one's own requests and nobody else's,
 * subscription messages where granted, SMS otherwise, and WeChat's error codes.
 */
let t: TestStack;
let agent: string;
let handler: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  agent = await t.token('agent', '赣');
  handler = await t.token('handler', '赣1126');
});
afterAll(() => t.stop());

const signIn = async (name: string): Promise<string> => {
  const reply = await t.call('POST', '/v1/wechat/session', { body: { code: `local-${name}` } });
  expect(reply.status).toBe(201);
  return reply.body.token;
};
const fail = (api: string, errcode: number) =>
  t.call('POST', '/_local/wechat/fail', { body: { api, errcode } });

let caseSerial = 500;
async function fileAsCitizen(token: string, phone = '13811112222') {
  const filed = await t.call('POST', '/v1/requests', {
    token,
    body: {
      channel: 'wechat',
      category: 'case_progress',
      content: `请问我的案件何时开庭？${randomUUID()}`,
      contact: { name: '微信用户', phone },
      // A case of its own each time: a second order for an open case needs a reason (issue 20).
      caseNumber: `(2026)赣1126民初${++caseSerial}号`,
    },
  });
  expect(filed.status).toBe(201);
  return filed.body as { requestId: string; trackingNo: string };
}

async function orderFor(requestId: string): Promise<string> {
  const order = await t.call('POST', `/v1/requests/${requestId}/orders`, { token: agent, body: {} });
  expect(order.status).toBe(201);
  await t.stack.workflows.settle();
  return order.body.orderId;
}

const messagesTo = async (name: string): Promise<OutboxItem[]> =>
  (await t.outbox()).filter((m) => (m.kind as string) === 'wechat' && m.to === WeChatStandIn.openidOf(name));
const citizenSms = async (phone: string): Promise<OutboxItem[]> =>
  (await t.outbox()).filter((m) => m.kind === 'sms' && m.to === phone);

test('sign-in: a wx.login code gives a citizen session whose subject is not the openid; a bad code is 401', async () => {
  const reply = await t.call('POST', '/v1/wechat/session', { body: { code: 'local-alice' } });
  expect(reply.status).toBe(201);
  expect(reply.body).toMatchObject({ tokenType: 'Bearer', audience: 'citizen' });
  const claims = decodeJwt(reply.body.token);
  expect(claims.aud).toBe('citizen');
  expect(claims.sub).toBe(decodeJwt(await signIn('alice')).sub); // one openid, one subject
  expect(JSON.stringify(claims)).not.toContain(WeChatStandIn.openidOf('alice'));

  // WeChat's 40029: an unknown code, and one the test makes WeChat refuse.
  const bad = await t.call('POST', '/v1/wechat/session', { body: { code: 'not-a-code' } });
  expect(bad).toMatchObject({ status: 401, body: { error: { code: 'invalid_wechat_code' } } });
  await fail('jscode2session', 40029);
  const refused = await t.call('POST', '/v1/wechat/session', { body: { code: 'local-alice' } });
  expect(refused.status).toBe(401);

  // Idempotency-Key works here too (the first answer, replayed).
  const key = randomUUID();
  const first = await t.call('POST', '/v1/wechat/session', {
    body: { code: 'local-alice' },
    headers: { 'idempotency-key': key },
  });
  const again = await t.call('POST', '/v1/wechat/session', {
    body: { code: 'local-alice' },
    headers: { 'idempotency-key': key },
  });
  expect(again.body.token).toBe(first.body.token);
});

test("a citizen files on wechat and lists their own requests, never another citizen's", async () => {
  const alice = await signIn('alice-2');
  const bob = await signIn('bob-2');
  const one = await fileAsCitizen(alice);
  const two = await fileAsCitizen(alice);

  const web = await t.call('POST', '/v1/requests', {
    token: alice,
    body: {
      channel: 'web',
      category: 'other',
      content: '网页',
      contact: { name: '甲', phone: '13800000000' },
    },
  });
  expect(web).toMatchObject({ status: 422, body: { error: { code: 'wrong_channel' } } });

  const mine = await t.call('GET', '/v1/me/requests', { token: alice });
  expect(mine.status).toBe(200);
  expect(mine.body.items.map((r: { trackingNo: string }) => r.trackingNo)).toEqual([
    two.trackingNo,
    one.trackingNo,
  ]);
  expect(mine.body.items[0]).toMatchObject({
    channel: 'wechat',
    contact: { name: '微信用户', phone: '13811112222' },
  });
  const paged = await t.call('GET', '/v1/me/requests?limit=1', { token: alice });
  expect(paged.body.items).toHaveLength(1);
  const rest = await t.call('GET', `/v1/me/requests?limit=1&cursor=${paged.body.nextCursor}`, {
    token: alice,
  });
  expect(rest.body.items[0].trackingNo).toBe(one.trackingNo);
  // Bob's cursor cannot be Alice's list.
  expect(
    (await t.call('GET', `/v1/me/requests?cursor=${paged.body.nextCursor}`, { token: bob })).status,
  ).toBe(400);

  // Reading one: the owner without an access code; another citizen gets 404.
  const own = await t.call('GET', `/v1/requests/${one.trackingNo}`, { token: alice });
  expect(own.status).toBe(200);
  expect(own.body.content).toContain('请问我的案件何时开庭');
  expect((await t.call('GET', `/v1/requests/${one.trackingNo}`, { token: bob })).status).toBe(404);
  expect((await t.call('GET', '/v1/me/requests', { token: bob })).body.items).toEqual([]);

  // A forged session (another key), an expired one, a staff token, none: 401. A citizen token on a staff route: 401.
  const forged = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(decodeJwt(alice).sub))
    .setIssuer(CITIZEN_ISSUER)
    .setAudience(CITIZEN_AUDIENCE)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('x'.repeat(64)));
  expect((await t.call('GET', '/v1/me/requests', { token: forged })).status).toBe(401);
  expect((await t.call('GET', `/v1/requests/${one.trackingNo}`, { token: forged })).status).toBe(401);
  expect((await t.call('GET', '/v1/me/requests', { token: agent })).status).toBe(401);
  expect((await t.call('GET', '/v1/me/requests')).status).toBe(401);
  expect((await t.call('GET', '/v1/orders', { token: alice })).status).toBe(401);
  expect((await t.call('GET', `/v1/requests?phone=13811112222`, { token: alice })).status).toBe(401);
});

test('granted subscriptions: a WeChat message on accept, reply and close, and the rating link after failed callbacks', async () => {
  const token = await signIn('carol');
  const granted = await t.call('POST', '/v1/me/subscriptions', {
    token,
    body: { templateIds: Object.values(LOCAL_TEMPLATES) },
  });
  expect(granted).toMatchObject({
    status: 200,
    body: { grants: { accepted: 1, replied: 1, closed: 1, rating: 1 } },
  });
  const unknown = await t.call('POST', '/v1/me/subscriptions', { token, body: { templateIds: ['nope'] } });
  expect(unknown.status).toBe(422);

  const filed = await fileAsCitizen(token, '13822223333');
  const orderId = await orderFor(filed.requestId);
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已排期开庭。' } });
  await t.call('POST', `/v1/orders/${orderId}/callback`, {
    token: agent,
    body: { reached: true, rating: 'satisfied' },
  });
  const sent = await messagesTo('carol');
  expect(sent.map((m) => m.subject).sort()).toEqual(
    [LOCAL_TEMPLATES.accepted, LOCAL_TEMPLATES.replied, LOCAL_TEMPLATES.closed].sort(),
  );
  expect(sent.every((m) => m.text.includes(filed.trackingNo))).toBe(true);
  expect(await citizenSms('13822223333')).toEqual([]);

  // One message per grant: the next order's accept goes by SMS.
  const second = await fileAsCitizen(token, '13822223333');
  const secondOrder = await orderFor(second.requestId);
  await t.call('POST', `/v1/orders/${secondOrder}/accept`, { token: handler });
  await t.call('POST', `/v1/orders/${secondOrder}/reply`, { token: handler, body: { answer: '已处理。' } });
  for (let i = 0; i < 3; i++)
    await t.call('POST', `/v1/orders/${secondOrder}/callback`, { token: agent, body: { reached: false } });
  const rating = (await messagesTo('carol')).filter((m) => m.subject === LOCAL_TEMPLATES.rating);
  expect(rating).toHaveLength(1);
  expect((rating[0]!.tags as { page?: string }).page).toMatch(/^pages\/rate\/index\?token=.+/);
  const sms = await citizenSms('13822223333');
  expect(sms.map((m) => m.tags.step).sort()).toEqual(['citizen_accepted', 'citizen_replied']);
  expect(sms.some((m) => m.tags.step === 'rating_sms')).toBe(false);
});

test('without a grant, or when WeChat answers 43101, the SMS path is used', async () => {
  const token = await signIn('dave');
  const filed = await fileAsCitizen(token, '13833334444');
  const orderId = await orderFor(filed.requestId);
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  expect((await citizenSms('13833334444')).map((m) => m.tags.step)).toEqual(['citizen_accepted']);

  await t.call('POST', '/v1/me/subscriptions', { token, body: { templateIds: [LOCAL_TEMPLATES.replied] } });
  await fail('subscribe/send', 43101);
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已处理。' } });
  expect((await citizenSms('13833334444')).map((m) => m.tags.step).sort()).toEqual([
    'citizen_accepted',
    'citizen_replied',
  ]);
  expect(await messagesTo('dave')).toEqual([]);
});

test('an access token WeChat calls invalid (40001) or expired (42001) is refreshed and the message sent', async () => {
  const token = await signIn('erin');
  await t.call('POST', '/v1/me/subscriptions', {
    token,
    body: { templateIds: [LOCAL_TEMPLATES.accepted, LOCAL_TEMPLATES.replied] },
  });
  const filed = await fileAsCitizen(token, '13844445555');
  const orderId = await orderFor(filed.requestId);
  const before = t.stack.wechat.calls.stable_token;
  await fail('subscribe/send', 40001);
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  await fail('subscribe/send', 42001);
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已处理。' } });
  expect((await messagesTo('erin')).map((m) => m.subject).sort()).toEqual(
    [LOCAL_TEMPLATES.accepted, LOCAL_TEMPLATES.replied].sort(),
  );
  expect(t.stack.wechat.calls.stable_token - before).toBeGreaterThanOrEqual(2);
  expect(await citizenSms('13844445555')).toEqual([]);
});

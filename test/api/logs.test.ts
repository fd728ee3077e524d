import type { TestStack } from '../support/local';

/**
 * PIPL: a citizen's name, phone and text never reach a log line. Logging is turned up to DEBUG
 * and everything written to stdout/stderr while a request goes through its whole life is read.
 */
const secretName = '欧阳秘密';
const secretPhone = '13700009999';
const secretText = '这是一段不应出现在日志里的诉求原文';

let written = '';
const originals = {
  out: process.stdout.write.bind(process.stdout),
  err: process.stderr.write.bind(process.stderr),
};
let t: TestStack;

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const capture = (chunk: unknown) => {
    written += String(chunk);
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  const { startTestStack, PLAIN_MONDAY } = await import('../support/local');
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});

afterAll(async () => {
  await t.stop();
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
});

test('a whole order, refusals included, logs no personal information', async () => {
  const contact = { name: secretName, phone: secretPhone };
  const created = await t.call('POST', '/v1/requests', {
    body: { channel: 'web', category: 'complaint', content: secretText, contact, courtCode: '赣1126' },
  });
  expect(created.status).toBe(201);
  // Refused ones too: a bad phone, a wrong access code.
  await t.call('POST', '/v1/requests', {
    body: { channel: 'web', category: 'x', content: secretText, contact: { name: secretName, phone: 'x' } },
  });
  await t.call('GET', `/v1/requests/${created.body.trackingNo}`, {
    headers: { 'x-access-code': '12345678' },
  });
  const agent = await t.token('agent', '赣');
  const order = await t.call('POST', `/v1/requests/${created.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  const handler = await t.token('handler', order.body.courtCode);
  await t.call('POST', `/v1/orders/${order.body.orderId}/accept`, { token: handler });
  await t.advance({ advance: 'P10D' });
  await t.call('POST', `/v1/orders/${order.body.orderId}/reply`, {
    token: handler,
    body: { answer: '已核查' },
  });
  for (let i = 0; i < 3; i++)
    await t.call('POST', `/v1/orders/${order.body.orderId}/callback`, {
      token: agent,
      body: { reached: false },
    });
  await t.call('GET', `/v1/orders/${order.body.orderId}`, { token: agent });

  expect(written.length).toBeGreaterThan(1000); // the logs did run, at DEBUG
  expect(written).toContain(order.body.orderId);
  expect(written).not.toContain(secretName);
  expect(written).not.toContain(secretPhone);
  expect(written).not.toContain(secretText);
});

test('a WeChat citizen (sign-in, filing, subscriptions, notices) and a phone lookup log no openid, session token or key', async () => {
  const { WeChatStandIn } = await import('../../local/wechat-stand-in');
  const { LOCAL_TEMPLATES } = await import('../../local/stack');
  const { phoneHash } = await import('../../adapters/citizen-sessions');
  const session = await t.call('POST', '/v1/wechat/session', { body: { code: 'local-logged-citizen' } });
  expect(session.status).toBe(201);
  const token: string = session.body.token;
  await t.call('POST', '/v1/wechat/session', { body: { code: 'bad-code' } });
  await t.call('POST', '/v1/me/subscriptions', { token, body: { templateIds: [LOCAL_TEMPLATES.accepted] } });
  const filed = await t.call('POST', '/v1/requests', {
    token,
    body: {
      channel: 'wechat',
      category: 'case_progress',
      content: secretText,
      contact: { name: secretName, phone: secretPhone },
      caseNumber: '(2026)赣1126民初123号',
    },
  });
  expect(filed.status).toBe(201);
  await t.call('GET', '/v1/me/requests', { token });
  await t.call('GET', '/v1/me/requests', { token: `${token}x` });
  const agent = await t.token('agent', '赣');
  const order = await t.call('POST', `/v1/requests/${filed.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  await t.call('POST', '/_local/wechat/fail', { body: { api: 'subscribe/send', errcode: 40001 } });
  await t.call('POST', `/v1/orders/${order.body.orderId}/accept`, {
    token: await t.token('handler', '赣1126'),
  });
  await t.call('GET', `/v1/requests?phone=${secretPhone}`, { token: agent });
  await t.call('GET', `/v1/requests/${filed.body.trackingNo}/access-log`, {
    token: await t.token('auditor', '赣'),
  });
  await t.advance({ advance: 'P1D' });

  const secrets = [
    WeChatStandIn.openidOf('logged-citizen'),
    token,
    token.split('.')[2]!,
    process.env.CITIZEN_SESSION_KEY!,
    process.env.PHONE_HASH_KEY!,
    process.env.WECHAT_APP_SECRET!,
    phoneHash(process.env.PHONE_HASH_KEY!, secretPhone),
    secretName,
    secretPhone,
    secretText,
  ];
  expect(secrets.every((s) => s.length >= 4)).toBe(true); // each one set
  for (const secret of secrets) expect(written).not.toContain(secret);
});

test('a hotline intake texts the caller the access code, and no log line holds the code or the phone', async () => {
  const agent = await t.token('agent', '赣');
  const contact = { name: secretName, phone: '13700008888' };
  const filed = await t.call('POST', '/v1/requests', {
    token: agent,
    headers: { 'idempotency-key': 'logged-hotline-intake' },
    body: { channel: 'hotline', category: 'complaint', content: secretText, contact, courtCode: '赣1126' },
  });
  expect(filed.status).toBe(201);
  const sms = (await t.outbox()).filter((m) => m.kind === 'sms' && m.to === contact.phone);
  expect(sms.map((m) => m.text.includes(filed.body.accessCode))).toEqual([true]);
  expect(written).not.toContain(filed.body.accessCode);
  expect(written).not.toContain(contact.phone);
  expect(written).not.toContain(secretText);
});

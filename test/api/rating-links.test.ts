import { PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * GET /v1/evaluation-tokens/{token}: a rating link's state and what it rates, for the page to say
 * before the citizen chooses; nothing personal, and nothing at all without the link's secret.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY, memory: true });
});
afterAll(async () => t?.stop());

const state = (token: string) => t.call('GET', `/v1/evaluation-tokens/${encodeURIComponent(token)}`);

test('unused, then used: the court and the tracking number, never the caller', async () => {
  const agent = await t.token('agent', '赣');
  const contact = { name: '欧阳某', phone: '13700007777' };
  const filed = await t.call('POST', '/v1/requests', {
    token: agent,
    body: { channel: 'hotline', category: 'other', content: '一段诉求原文', contact, courtCode: '赣1126' },
  });
  const minted = await t.call('POST', '/v1/evaluation-tokens', {
    token: agent,
    body: { channel: 'hotline', subject: filed.body.requestId },
  });
  const unused = await state(minted.body.token);
  expect(unused.status).toBe(200);
  expect(unused.body).toEqual({
    state: 'unused',
    channel: 'hotline',
    courtCode: '赣1126',
    courtName: '弋阳县人民法院',
    trackingNo: filed.body.trackingNo,
    windowCode: null,
    expiresAt: minted.body.expiresAt,
  });
  for (const secret of [contact.name, contact.phone, '一段诉求原文', filed.body.requestId])
    expect(JSON.stringify(unused.body)).not.toContain(secret);

  await t.call('POST', '/v1/evaluations', { body: { token: minted.body.token, rating: 'satisfied' } });
  expect((await state(minted.body.token)).body.state).toBe('used');
  // The same token id with another secret is as unknown as a made-up one.
  const forged = `${minted.body.token.split('.')[0]}.not-the-secret`;
  expect((await state(forged)).body.error.code).toBe('unknown_token');
});

test('a window link expires after a day; a link of no possible shape is not found', async () => {
  const minted = await t.call('POST', '/v1/evaluation-tokens', {
    token: await t.token('agent', '赣'),
    body: { channel: 'window', subject: '赣1126-W02' },
  });
  expect((await state(minted.body.token)).body).toMatchObject({
    state: 'unused',
    windowCode: '赣1126-W02',
    trackingNo: null,
  });
  await t.advance({ advance: 'P2D' });
  expect((await state(minted.body.token)).body.state).toBe('expired');
  const odd = await state('短信里的链接被截断了');
  expect([odd.status, odd.body.error.code]).toEqual([404, 'not_found']);
});

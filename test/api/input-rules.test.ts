import { citizen, startTestStack, type TestStack } from '../support/local';

/** Issue 21's small ones: what a client sends that is not what the contract asks for gets a clear 4xx. */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t.stop());

const request = (extra: Record<string, unknown> = {}) => ({
  channel: 'web',
  category: 'case_progress',
  content: '想了解案件进展。',
  contact: citizen,
  ...extra,
});

test('a valid JSON body sent as text/plain is a 415', async () => {
  for (const type of ['text/plain', 'text/plain; charset=utf-8']) {
    const reply = await t.call('POST', '/v1/requests', {
      raw: JSON.stringify(request()),
      headers: { 'content-type': type },
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('unsupported_media_type');
  }
});

test('a body that is not an object is a 422', async () => {
  const created = await t.call('POST', '/v1/requests', {
    body: request({ caseNumber: '(2026)赣1126民初7号' }),
  });
  const agent = await t.token('agent', '赣');
  for (const raw of ['null', '[]', '"text"', '42', 'true']) {
    const reply = await t.call('POST', `/v1/requests/${created.body.requestId}/orders`, {
      token: agent,
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect([raw, reply.status]).toEqual([raw, 422]);
    expect(reply.body.error.code).toBe('invalid_body');
  }
  // An empty body is still the empty object the route allows.
  const none = await t.call('POST', `/v1/requests/${created.body.requestId}/orders`, { token: agent });
  expect(none.status).toBe(201);
});

test('text that cannot be a case number is a 422 that tells the citizen how to write one', async () => {
  for (const caseNumber of ['赣赣赣', '2026赣1126民初123', '(2026)民初123号']) {
    const reply = await t.call('POST', '/v1/requests', { body: request({ caseNumber }) });
    expect([caseNumber, reply.status]).toEqual([caseNumber, 422]);
    expect(reply.body.error.code).toBe('invalid_case_number');
    expect(reply.body.error.message).toContain('案号');
    expect(reply.body.error.message).toContain('(2024)赣1126民初123号');
  }
  // A year no case was filed in: before 2000, or after next year (the stack's clock is in March 2026).
  for (const caseNumber of ['(9999)赣1126民初123号', '(1999)赣1126民初123号', '(2028)赣1126民初123号']) {
    const reply = await t.call('POST', '/v1/requests', { body: request({ caseNumber }) });
    expect([caseNumber, reply.status, reply.body.error?.code]).toEqual([
      caseNumber,
      422,
      'invalid_case_number',
    ]);
    expect(reply.body.error.message).toContain('2000');
  }
  for (const caseNumber of ['(2000)赣1126民初123号', '(2027)赣1126民初123号']) {
    const reply = await t.call('POST', '/v1/requests', { body: request({ caseNumber }) });
    expect([caseNumber, reply.status]).toEqual([caseNumber, 201]);
  }
  // The forms people type: full-width brackets and digits, spaces, the official 〔〕.
  for (const caseNumber of [
    '(2026)赣1126民初123号',
    '（２０２６）赣１１２６民初１２３号',
    '( 2026 ) 赣1126 民初 123 号',
    '（2026）赣1126民初123号',
    '〔2026〕赣1126民初123号',
  ]) {
    const reply = await t.call('POST', '/v1/requests', { body: request({ caseNumber }) });
    expect([caseNumber, reply.status]).toEqual([caseNumber, 201]);
  }
});

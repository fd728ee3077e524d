import { randomUUID } from 'node:crypto';
import { buildOpenApi } from '../../functions/api/openapi-document';
import { getContainer } from '../../functions/commons/container';
import { citizen, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(() => t.stop());

const webRequest = {
  channel: 'web',
  category: 'case_progress',
  content: '请问我的案件什么时候开庭？',
  contact: citizen,
  caseNumber: '(2026)赣1126民初88号',
};

describe('intake', () => {
  test('a citizen files a request and follows it with the access code', async () => {
    const created = await t.call('POST', '/v1/requests', { body: webRequest });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'received' });
    expect(created.body.trackingNo).toMatch(/^\d{6}[0-9A-Z]{6}$/);
    expect(created.body.accessCode).toMatch(/^\d{8}$/);

    const mine = await t.call('GET', `/v1/requests/${created.body.trackingNo}`, {
      headers: { 'x-access-code': created.body.accessCode },
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      status: 'received',
      content: webRequest.content,
      contact: citizen,
      order: null,
    });
  });

  test('a wrong or missing access code reads nothing, the same as an unknown number', async () => {
    const created = await t.call('POST', '/v1/requests', { body: webRequest });
    const wrong = await t.call('GET', `/v1/requests/${created.body.trackingNo}`, {
      headers: { 'x-access-code': '00000000' },
    });
    const missing = await t.call('GET', `/v1/requests/${created.body.trackingNo}`);
    const unknown = await t.call('GET', '/v1/requests/000000AAAAAA', {
      headers: { 'x-access-code': created.body.accessCode },
    });
    for (const reply of [wrong, missing, unknown]) {
      expect(reply.status).toBe(404);
      expect(reply.body.error.code).toBe('not_found');
    }
  });

  test('hotline and window requests are filed by agents only', async () => {
    const anonymous = await t.call('POST', '/v1/requests', { body: { ...webRequest, channel: 'hotline' } });
    expect(anonymous.status).toBe(403);
    const handler = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, channel: 'window' },
      token: await t.token('handler', '赣1126'),
    });
    expect(handler.status).toBe(403);
    const agent = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, channel: 'hotline' },
      token: await t.token('agent', '赣'),
    });
    expect(agent.status).toBe(201);
  });

  test('malformed, invalid and oversized bodies are refused with a JSON error', async () => {
    const malformed = await t.call('POST', '/v1/requests', {
      raw: '{"channel": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const invalid = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, category: 'gossip', contact: { name: '', phone: 'abc' } },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'category',
      'contact.name',
      'contact.phone',
    ]);

    const notAnObject = await t.call('POST', '/v1/requests', { body: [1, 2] });
    expect(notAnObject.status).toBe(422);

    const unknownCourt = await t.call('POST', '/v1/requests', { body: { ...webRequest, courtCode: '沪01' } });
    expect(unknownCourt.status).toBe(422);

    const huge = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, content: '字'.repeat(30_000) },
    });
    expect(huge.status).toBe(413);

    const badToken = await t.call('POST', '/v1/requests', { body: webRequest, token: 'not-a-jwt' });
    expect(badToken.status).toBe(401);
  });

  test('an agent settles a request at first contact, once', async () => {
    const created = await t.call('POST', '/v1/requests', { body: webRequest });
    const agent = await t.token('agent', '赣');
    const settled = await t.call('POST', `/v1/requests/${created.body.requestId}/settle`, {
      token: agent,
      body: { answer: '已告知开庭时间。' },
    });
    expect(settled.status).toBe(200);
    expect(settled.body.status).toBe('settled');
    const again = await t.call('POST', `/v1/requests/${created.body.requestId}/settle`, {
      token: agent,
      body: { answer: '再答一次' },
    });
    expect(again.status).toBe(409);
    const order = await t.call('POST', `/v1/requests/${created.body.requestId}/orders`, {
      token: agent,
      body: {},
    });
    expect(order.status).toBe(409);
    const byHandler = await t.call('POST', `/v1/requests/${created.body.requestId}/settle`, {
      token: await t.token('handler', '赣1126'),
      body: { answer: 'x' },
    });
    expect(byHandler.status).toBe(403);
  });

  test('staff routes need a token; unknown ids are 404', async () => {
    const created = await t.call('POST', '/v1/requests', { body: webRequest });
    expect(
      (await t.call('POST', `/v1/requests/${created.body.requestId}/settle`, { body: { answer: 'x' } }))
        .status,
    ).toBe(401);
    const agent = await t.token('agent', '赣');
    expect(
      (await t.call('POST', '/v1/requests/RQNOSUCHREQUEST1/settle', { token: agent, body: { answer: 'x' } }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('POST', '/v1/requests/not-an-id/settle', { token: agent, body: { answer: 'x' } })).status,
    ).toBe(404);
    expect((await t.call('GET', '/v1/nothing-here')).status).toBe(404);
    expect((await t.call('DELETE', '/v1/courts')).status).toBe(405);
  });
});

describe('Idempotency-Key', () => {
  test('the same key and body return the first answer and change nothing; another body is 409', async () => {
    const headers = { 'idempotency-key': '0b7e2a52-3c1d-4f7e-9a55-intake-7f3c' };
    const first = await t.call('POST', '/v1/requests', { body: webRequest, headers });
    const second = await t.call('POST', '/v1/requests', { body: webRequest, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    const other = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, content: '另一件事' },
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_mismatch');
  });

  test('a retried order creation makes one order', async () => {
    const created = await t.call('POST', '/v1/requests', { body: webRequest });
    const agent = await t.token('agent', '赣');
    const headers = { 'idempotency-key': `order-${created.body.requestId}` };
    const path = `/v1/requests/${created.body.requestId}/orders`;
    const [a, b] = await Promise.all([
      t.call('POST', path, { token: agent, body: {}, headers }),
      t.call('POST', path, { token: agent, body: {}, headers }),
    ]);
    const statuses = [a.status, b.status].sort();
    // Both at once: one runs, the other is told it is in progress (or gets the stored answer).
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    const again = await t.call('POST', path, { token: agent, body: {}, headers });
    expect(again.status).toBe(201);
    expect(again.body.orderId).toBe(a.status === 201 ? a.body.orderId : b.body.orderId);
    const list = await t.call('GET', '/v1/orders?courtCode=赣1126&limit=100', { token: agent });
    expect(
      list.body.items.filter((o: { requestId: string }) => o.requestId === created.body.requestId),
    ).toHaveLength(1);
  });

  test("one caller's key does not answer another caller", async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    const agentA = await t.token('agent', '赣', 'agent-a');
    const agentB = await t.token('agent', '赣', 'agent-b');
    const body = { ...webRequest, channel: 'hotline' };
    const a = await t.call('POST', '/v1/requests', { body, headers, token: agentA });
    const b = await t.call('POST', '/v1/requests', { body, headers, token: agentB });
    expect(a.body.requestId).not.toBe(b.body.requestId);
  });
});

describe('public reference', () => {
  test('the court directory', async () => {
    const courts = await t.call('GET', '/v1/courts');
    expect(courts.status).toBe(200);
    expect(courts.body.items).toHaveLength(114);
    expect(courts.body.items).toContainEqual({
      code: '赣1126',
      name: '弋阳县人民法院',
      shortName: '弋阳法院',
      level: 'basic',
      parentCode: '赣11',
      mergedInto: null,
    });
  });

  test('OpenAPI 3.1 generated from the schemas that validate', async () => {
    const doc = await t.call('GET', '/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    // Served as built ahead of the call (issue 23), and the very document `npm run api:gen` and `api:lint` read.
    expect(doc.body).toEqual(buildOpenApi());
    const post = doc.body.paths['/v1/requests'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateRequest',
    });
    expect(doc.body.components.schemas.CreateRequest.properties.category.enum).toContain(
      'interference_report',
    );
    const list = doc.body.paths['/v1/orders'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'courtCode',
      'status',
      'late',
      'from',
      'to',
      'limit',
      'cursor',
    ]);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orders/{orderId}/extension/decision',
        '/v1/orders/{orderId}/callback',
        '/v1/courts',
      ]),
    );
  });
});

describe('staff reading a request', () => {
  test("by the order's court and the center; a request settled at first contact is the center's", async () => {
    // A case of its own: a second order for a case with one open needs a reason (issue 20).
    const created = await t.call('POST', '/v1/requests', {
      body: { ...webRequest, caseNumber: '(2026)赣1126民初89号' },
    });
    const path = `/v1/requests/${created.body.trackingNo}`;
    expect((await t.call('GET', path, { token: await t.token('auditor', '赣') })).status).toBe(200);
    // What the caller may not read does not exist for them: 404, never a 403 that confirms it.
    expect((await t.call('GET', path, { token: await t.token('auditor', '赣11') })).status).toBe(404);
    expect((await t.call('GET', path, { token: await t.token('handler', '赣1126') })).status).toBe(404);
    const agent = await t.token('agent', '赣');
    await t.call('POST', `/v1/requests/${created.body.requestId}/orders`, { token: agent, body: {} });
    const asHandler = await t.call('GET', path, { token: await t.token('handler', '赣1126') });
    expect(asHandler.status).toBe(200);
    expect(asHandler.body.contact).toEqual(citizen);
    expect((await t.call('GET', path, { token: await t.token('handler', '赣0102') })).status).toBe(404);
    const regionalAuditor = await t.call('GET', path, { token: await t.token('auditor', '赣11') });
    expect(regionalAuditor.status).toBe(200);
    expect(regionalAuditor.body.contact.phone).toBe('139****5678');
  });
});

test('a caller’s access-code SMS the provider refused never fails the intake: the agent is told, and a retry sends it, once', async () => {
  const agent = await t.token('agent', '赣');
  const key = randomUUID();
  const intake = () =>
    t.call('POST', '/v1/requests', {
      token: agent,
      headers: { 'idempotency-key': key },
      body: { ...webRequest, channel: 'hotline', contact: { name: '李来电', phone: '13900007777' } },
    });
  const codeSms = async () =>
    (await t.outbox()).filter(
      (m) => m.kind === 'sms' && m.to === '13900007777' && m.tags.step === 'access_code_sms',
    );

  // The provider is down for the first send: the request is filed all the same (an SMS outage must
  // not stop the hotline), and the answer says the code did not go, so the agent reads it out.
  getContainer().outbox!.failNextSms(1);
  const failed = await intake();
  expect([failed.status, failed.body.accessCodeSms]).toEqual([201, 'failed']);
  expect(failed.body.accessCode).toEqual(expect.any(String));
  expect(await codeSms()).toEqual([]);

  // Retried under the same key: the request filed the first time, and its code goes out now.
  const retried = await intake();
  expect([retried.status, retried.body.accessCodeSms]).toEqual([201, 'sent']);
  expect([retried.body.trackingNo, retried.body.accessCode]).toEqual([
    failed.body.trackingNo,
    failed.body.accessCode,
  ]);
  const sent = await codeSms();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.text).toContain(retried.body.trackingNo);
  expect(sent[0]!.text).toContain(retried.body.accessCode);
  const followed = await t.call('GET', `/v1/requests/${retried.body.trackingNo}`, {
    headers: { 'x-access-code': retried.body.accessCode },
  });
  expect(followed.status).toBe(200);

  // Once: the same call again is its first answer, and sends nothing more.
  const again = await intake();
  expect([again.status, again.body.trackingNo]).toEqual([201, retried.body.trackingNo]);
  expect(await codeSms()).toHaveLength(1);
});

test('a case number names its parties: the inbox and the phone lookup show it masked, as they show the phone; who acts on it sees it whole', async () => {
  const caseNumber = '(2026)赣1126民初4567号';
  const agent = await t.token('agent', '赣');
  const created = await t.call('POST', '/v1/requests', {
    body: { ...webRequest, contact: { name: '欧阳案号', phone: '13955550001' }, caseNumber },
  });
  expect(created.status).toBe(201);
  const filed = created.body as { trackingNo: string };
  const masked = '(2026)赣1126民初***号';
  const inbox = await t.call('GET', '/v1/inbox?limit=100', { token: agent });
  const queued = inbox.body.items.find((r: { trackingNo: string }) => r.trackingNo === filed.trackingNo);
  expect([queued.caseNumber, queued.contact]).toEqual([masked, { name: '欧***', phone: '139****0001' }]);
  const found = await t.call('GET', '/v1/requests?phone=13955550001', { token: agent });
  expect(found.body.items.map((r: { caseNumber: string }) => r.caseNumber)).toEqual([masked]);
  expect(JSON.stringify([inbox.body, found.body])).not.toContain('4567');
  // The agent who opens it to act on it reads it whole (an unmasked view, logged).
  const opened = await t.call('GET', `/v1/requests/${filed.trackingNo}`, { token: agent });
  expect(opened.body.caseNumber).toBe(caseNumber);
});

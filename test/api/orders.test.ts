import { citizen, newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

let t: TestStack;
let agent: string;
let handler1126: string;
let supervisor11: string;
let supervisor1126: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  agent = await t.token('agent', '赣');
  handler1126 = await t.token('handler', '赣1126');
  supervisor11 = await t.token('supervisor', '赣11');
  supervisor1126 = await t.token('supervisor', '赣1126');
});
afterAll(() => t.stop());

const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });

describe("an order's life", () => {
  test('from intake to closed: dispatch, accept, reply, callback satisfied', async () => {
    const order = await newOrder(t);
    expect(order.courtCode).toBe('赣1126');
    const base = `/v1/orders/${order.orderId}`;

    expect((await post(`${base}/accept`, handler1126)).body.status).toBe('accepted');
    const replied = await post(`${base}/reply`, handler1126, { answer: '已排期，下周二开庭。' });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ status: 'replied', late: false });
    expect(replied.body.callbackDeadline).toBeTruthy();

    const closed = await post(`${base}/callback`, agent, {
      reached: true,
      rating: 'satisfied',
      comment: '谢谢',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'satisfied', rating: 'satisfied' });

    const full = await t.call('GET', base, { token: supervisor11 });
    expect(full.body.history.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'dispatched',
      'notified',
      'accepted',
      'replied',
      'rated',
      'closed',
    ]);
    expect(full.body.history[3]).toMatchObject({
      by: { sub: 'handler-赣1126', role: 'handler', court: '赣1126' },
    });

    // The citizen sees the answer and the order's progress, without staff names.
    const mine = await t.call('GET', `/v1/requests/${order.trackingNo}`, {
      headers: { 'x-access-code': order.accessCode },
    });
    expect(mine.body.status).toBe('ordered');
    expect(mine.body.order).toMatchObject({
      status: 'closed',
      answer: '已排期，下周二开庭。',
      closeReason: 'satisfied',
    });
    expect(JSON.stringify(mine.body.order.history)).not.toContain('handler-赣1126');
  });

  test('each step refuses the wrong state', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    expect((await post(`${base}/reply`, handler1126, { answer: 'x' })).status).toBe(409); // not signed for
    expect((await post(`${base}/callback`, agent, { reached: false })).status).toBe(409); // not replied
    expect((await post(`${base}/dispatch`, agent, { courtCode: '赣1126' })).status).toBe(409); // not returned
    expect((await post(`${base}/extension/decision`, supervisor11, { approved: true })).status).toBe(409); // nothing asked
    await post(`${base}/accept`, handler1126);
    const twice = await post(`${base}/accept`, handler1126);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('wrong_state');
  });

  test('two concurrent replies: exactly one wins', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    await post(`${base}/accept`, handler1126);
    const replies = await Promise.all([
      post(`${base}/reply`, handler1126, { answer: '答复一' }),
      post(`${base}/reply`, supervisor1126, { answer: '答复二' }),
      post(`${base}/reply`, supervisor11, { answer: '答复三' }),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const stored = await t.call('GET', base, { token: agent });
    const winner = replies.find((r) => r.status === 200)!;
    expect(stored.body.answer).toBe(winner.body.answer);
    expect(stored.body.history.filter((h: { action: string }) => h.action === 'replied')).toHaveLength(1);
  });

  test('a court returns a wrongly routed order within a working day; the center re-dispatches it', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    expect((await post(`${base}/return`, handler1126, {})).status).toBe(422); // a reason is required
    const returned = await post(`${base}/return`, handler1126, {
      reason: '案件不属我院管辖，应为上饶中院。',
    });
    expect(returned.body.status).toBe('returned');
    expect((await post(`${base}/dispatch`, handler1126, { courtCode: '赣11' })).status).toBe(403); // agents only
    expect((await post(`${base}/dispatch`, agent, { courtCode: '沪01' })).status).toBe(422);
    const redispatched = await post(`${base}/dispatch`, agent, { courtCode: '赣11' });
    expect(redispatched.body).toMatchObject({ status: 'dispatched', courtCode: '赣11' });
    // The first court no longer sees it; the new one does.
    expect((await t.call('GET', base, { token: handler1126 })).status).toBe(404);
    expect((await t.call('GET', base, { token: await t.token('handler', '赣11') })).status).toBe(200);
  });

  test('the return window closes one working day after dispatch', async () => {
    const order = await newOrder(t);
    await t.advance({ advance: 'P3D' }); // Monday 09:00 -> Thursday 09:00: past Tuesday 17:30
    const late = await post(`/v1/orders/${order.orderId}/return`, handler1126, { reason: '不属我院' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('return window');
  });

  test('one extension, decided by a supervisor other than the one who asked', async () => {
    const order = await newOrder(t, { category: 'enforcement' });
    const base = `/v1/orders/${order.orderId}`;
    expect(
      (await post(`${base}/extension`, handler1126, { reason: '需调取执行卷宗', workingDays: 9 })).status,
    ).toBe(422);
    const asked = await post(`${base}/extension`, supervisor1126, {
      reason: '需调取执行卷宗',
      workingDays: 2,
    });
    expect(asked.body.extension).toMatchObject({ status: 'pending', workingDays: 2 });
    expect((await post(`${base}/extension`, handler1126, { reason: '再延', workingDays: 1 })).status).toBe(
      409,
    );
    expect((await post(`${base}/extension/decision`, handler1126, { approved: true })).status).toBe(403);
    expect((await post(`${base}/extension/decision`, supervisor1126, { approved: true })).status).toBe(409); // own request
    const approved = await post(`${base}/extension/decision`, supervisor11, { approved: true, note: '同意' });
    expect(approved.body.extension.status).toBe('approved');
    // Three working days plus two: five working days from dispatch.
    expect(new Date(approved.body.deadline) > new Date(order.deadline)).toBe(true);
    expect(approved.body.history.at(-1)).toMatchObject({
      action: 'extension_approved',
      details: { deadline: approved.body.deadline },
    });
  });

  test('unsatisfied: reopened under the superior court twice, then a supervisor review closes it', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    for (let round = 1; round <= 3; round++) {
      await post(`${base}/accept`, handler1126);
      await post(`${base}/reply`, handler1126, { answer: `第${round}次答复` });
      const rated = await post(`${base}/callback`, agent, { reached: true, rating: 'unsatisfied' });
      expect(rated.status).toBe(200);
      if (round < 3)
        expect(rated.body).toMatchObject({
          status: 'dispatched',
          reopenCount: round,
          supervisingCourtCode: '赣11',
        });
      else expect(rated.body).toMatchObject({ status: 'replied', reopenCount: 2, reviewPending: true });
    }
    expect((await post(`${base}/callback`, agent, { reached: true, rating: 'satisfied' })).status).toBe(409);
    expect((await post(`${base}/review`, supervisor1126, { note: '已核查' })).status).toBe(403); // the court's own supervisor
    const closed = await post(`${base}/review`, supervisor11, { note: '已核查答复，依法处理完毕。' });
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'unsatisfied_reviewed' });
  });

  test('three failed callbacks send the citizen a rating SMS', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    await post(`${base}/accept`, handler1126);
    await post(`${base}/reply`, handler1126, { answer: '已答复' });
    for (let i = 1; i <= 3; i++)
      expect((await post(`${base}/callback`, agent, { reached: false })).body.callbackAttempts).toBe(i);
    const sms = (await t.outbox()).filter((m) => m.kind === 'sms' && m.tags.orderId === order.orderId);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ to: citizen.phone });
    expect(sms[0]!.text).toContain(order.trackingNo);
    expect((await post(`${base}/callback`, agent, { reached: true })).status).toBe(422); // reached needs a rating
  });
});

describe('who may do what', () => {
  test('a handler acts only on its own court; a supervisor over its subtree; an auditor reads only; unseen is 404', async () => {
    const order = await newOrder(t);
    const base = `/v1/orders/${order.orderId}`;
    const otherHandler = await t.token('handler', '赣0102');
    const otherSupervisor = await t.token('supervisor', '赣01');
    const auditor = await t.token('auditor', '赣');
    // Those who cannot see the order learn nothing of it, whatever they try: 404, as a read.
    const actions: [string, unknown][] = [
      ['accept', {}],
      ['reply', { answer: '已处理' }],
      ['return', { reason: '不属本院' }],
      ['extension', { reason: '需要调卷', workingDays: 2 }],
      ['extension/decision', { approved: true, note: '' }],
      ['callback', { reached: false }],
      ['review', { note: '已复核' }],
      ['dispatch', { courtCode: '赣0102' }],
    ];
    for (const [path, body] of actions)
      for (const outsider of [otherHandler, otherSupervisor])
        expect([path, (await post(`${base}/${path}`, outsider, body)).status]).toEqual([path, 404]);
    // Those who see it but may not act get 403.
    expect((await post(`${base}/accept`, auditor)).status).toBe(403);
    expect((await post(`${base}/accept`, agent)).status).toBe(403);
    expect((await t.call('GET', base, { token: otherHandler })).status).toBe(404);
    expect((await t.call('GET', base, { token: otherSupervisor })).status).toBe(404);
    expect((await t.call('GET', base, { token: auditor })).status).toBe(200);
    expect((await post(`${base}/accept`, supervisor11)).status).toBe(200);
  });

  test('tokens must name a staff role and a known court', async () => {
    const bogus = await t.stack.tokens.mint({ sub: 'x', role: 'citizen', court: '赣' });
    const nowhere = await t.stack.tokens.mint({ sub: 'x', role: 'handler', court: '沪01' });
    expect((await t.call('GET', '/v1/orders', { token: bogus })).status).toBe(403);
    expect((await t.call('GET', '/v1/orders', { token: nowhere })).status).toBe(403);
    expect((await t.call('GET', '/v1/orders')).status).toBe(401);
  });

  test('complaints go past the accused court, which never sees them', async () => {
    const order = await newOrder(t, { category: 'complaint', content: '承办法官态度恶劣。' });
    expect(order.courtCode).toBe('赣11');
    expect((await t.call('GET', `/v1/orders/${order.orderId}`, { token: handler1126 })).status).toBe(404);
    expect((await t.call('GET', `/v1/orders/${order.orderId}`, { token: supervisor1126 })).status).toBe(404);
    const list = await t.call('GET', '/v1/orders?limit=100', { token: supervisor1126 });
    expect(list.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(order.orderId);
    // An agent cannot send it back to the accused court by hand either.
    const request = await t.call('POST', '/v1/requests', {
      body: { channel: 'web', category: 'complaint', content: '投诉', contact: citizen, courtCode: '赣1126' },
    });
    const forced = await post(`/v1/requests/${request.body.requestId}/orders`, agent, {
      courtCode: '赣1126',
    });
    expect(forced.status).toBe(422);
    expect(forced.body.error.code).toBe('firewall');
  });

  test('personal information: full for those who act, masked for readers', async () => {
    const order = await newOrder(t);
    const asHandler = await t.call('GET', `/v1/orders/${order.orderId}`, { token: handler1126 });
    expect(asHandler.body.request.contact).toEqual(citizen);
    const auditor = await t.call('GET', `/v1/orders/${order.orderId}`, {
      token: await t.token('auditor', '赣'),
    });
    expect(auditor.body.request.contact).toEqual({ name: '张**', phone: '139****5678' });
    expect(auditor.body.request.content).toBeUndefined();
    const list = await t.call('GET', '/v1/orders?limit=5', { token: handler1126 });
    expect(JSON.stringify(list.body)).not.toContain(citizen.phone);
  });
});

describe('lists', () => {
  test('paged with an opaque cursor; a supervisor sees the subtree, a handler its court', async () => {
    const other = await newOrder(t, { caseNumber: '(2026)赣1102民初5号' });
    for (let i = 0; i < 4; i++) await newOrder(t);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { items: { orderId: string; courtCode: string }[]; nextCursor: string | null };
      } = await t.call('GET', `/v1/orders?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        token: supervisor11,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((o) => o.orderId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(other.orderId);
    const mine = await t.call('GET', '/v1/orders?limit=100', { token: handler1126 });
    expect(mine.body.items.every((o: { courtCode: string }) => o.courtCode === '赣1126')).toBe(true);
    expect(mine.body.items.map((o: { orderId: string }) => o.orderId)).not.toContain(other.orderId);
    expect(seen.length).toBeGreaterThan(mine.body.items.length);
  });

  test('filters and refusals', async () => {
    const accepted = await t.call('GET', '/v1/orders?status=accepted&limit=100', { token: supervisor11 });
    expect(accepted.body.items.every((o: { status: string }) => o.status === 'accepted')).toBe(true);
    expect((await t.call('GET', '/v1/orders?courtCode=赣01', { token: supervisor11 })).status).toBe(403);
    expect((await t.call('GET', '/v1/orders?courtCode=赣1102', { token: handler1126 })).status).toBe(403);
    expect((await t.call('GET', '/v1/orders?limit=500', { token: supervisor11 })).status).toBe(400);
    // A cursor that is not this list's is malformed input (API.md: 400), not invalid content.
    expect((await t.call('GET', '/v1/orders?cursor=forged', { token: supervisor11 })).status).toBe(400);
    expect((await t.call('GET', '/v1/orders?status=lost', { token: supervisor11 })).status).toBe(400);
  });
});

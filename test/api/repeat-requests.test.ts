import { PLAIN_MONDAY, type Reply, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 20, repeat requests (重复诉求): the caller's earlier requests at intake with the likely
 * match, a repeat linked to its matter (no order; the open order urged), and the 409 on a second
 * order for a case with one open.
 */
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

const CALLER = { name: '赵重复', phone: '13700001111' };

async function hotline(body: Record<string, unknown>) {
  const reply = await t.call('POST', '/v1/requests', {
    token: agent,
    body: {
      channel: 'hotline',
      category: 'case_progress',
      content: '我的案件什么时候有结果？',
      contact: CALLER,
      ...body,
    },
  });
  expect(reply.status).toBe(201);
  return reply.body as { requestId: string; trackingNo: string };
}

const order = (requestId: string, body: Record<string, unknown> = {}) =>
  t.call('POST', `/v1/requests/${requestId}/orders`, { token: agent, body });

describe('at intake', () => {
  test("the caller's earlier requests come with their order's state and the likely match marked", async () => {
    const first = await hotline({ caseNumber: '(2026)赣1126民初701号' });
    const made = await order(first.requestId);
    expect(made.status).toBe(201);
    const other = await hotline({ category: 'litigation_guidance', courtCode: '赣0102' });
    await t.call('POST', `/v1/requests/${other.requestId}/settle`, {
      token: agent,
      body: { answer: '已答复' },
    });

    // The same case number, written with full-width parentheses and a space.
    const byCase = await t.call(
      'GET',
      `/v1/requests?phone=${CALLER.phone}&caseNumber=${encodeURIComponent('（2026）赣1126 民初701号')}`,
      { token: agent },
    );
    expect(byCase.status).toBe(200);
    expect(byCase.body.likelyMatch).toBe(first.trackingNo);
    const items: Reply['body'][] = byCase.body.items;
    expect(items.map((i) => i.trackingNo)).toEqual([other.trackingNo, first.trackingNo]);
    expect(items[1]).toMatchObject({
      likelyMatch: true,
      repeatOf: null,
      order: { orderId: made.body.orderId, status: 'dispatched', courtCode: '赣1126', late: false },
    });
    expect(items[0]).toMatchObject({ likelyMatch: false, order: null, status: 'settled' });
    // Masked as lists are.
    expect(items[0]!.contact.phone).not.toBe(CALLER.phone);

    // No case number: the same court and category within 60 days.
    const byCourt = await t.call(
      'GET',
      `/v1/requests?phone=${CALLER.phone}&courtCode=${encodeURIComponent('赣0102')}&category=litigation_guidance`,
      { token: agent },
    );
    expect(byCourt.body.likelyMatch).toBe(other.trackingNo);
    // Another category at that court is no match.
    const none = await t.call(
      'GET',
      `/v1/requests?phone=${CALLER.phone}&courtCode=${encodeURIComponent('赣0102')}&category=enforcement`,
      { token: agent },
    );
    expect(none.body.likelyMatch).toBeNull();
    expect(none.body.items.every((i: { likelyMatch: boolean }) => !i.likelyMatch)).toBe(true);

    // Once the new call is filed, the match is judged for it (what it says), never itself.
    const again = await hotline({ caseNumber: '(2026)赣1126民初701号' });
    const forIt = await t.call('GET', `/v1/requests?phone=${CALLER.phone}&forRequest=${again.trackingNo}`, {
      token: agent,
    });
    expect(forIt.body.likelyMatch).toBe(first.trackingNo);
  });
});

describe('a repeat request', () => {
  test('gets no order, urges the open order (history line and email to the court) and cannot be ordered after', async () => {
    const matter = await hotline({ caseNumber: '(2026)赣1126民初702号' });
    const made = await order(matter.requestId);
    const repeat = await hotline({ caseNumber: '(2026)赣1126民初702号' });
    const before = (await t.outbox()).length;

    const linked = await t.call('POST', `/v1/requests/${repeat.requestId}/link`, {
      token: agent,
      body: { trackingNo: matter.trackingNo },
    });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({
      status: 'settled',
      repeatOf: matter.trackingNo,
      urged: true,
      order: { orderId: made.body.orderId, status: 'dispatched' },
    });
    const detail = await t.call('GET', `/v1/orders/${made.body.orderId}`, { token: agent });
    const urged = detail.body.history.filter((h: { action: string }) => h.action === 'urged');
    expect(urged).toHaveLength(1);
    expect(urged[0].note).toContain(repeat.trackingNo);
    expect(urged[0].note).not.toContain(CALLER.name);
    const mails = (await t.outbox()).slice(0, (await t.outbox()).length - before);
    const urge = mails.find((m) => m.subject.startsWith('【催办】'));
    expect(urge?.to).toContain('handler.gan1126@courts.example.cn');

    // It has no order, and gets none now.
    expect((await order(repeat.requestId)).status).toBe(409);
    const again = await t.call('POST', `/v1/requests/${repeat.requestId}/link`, {
      token: agent,
      body: { trackingNo: matter.trackingNo },
    });
    expect(again.status).toBe(409);
    const listed = await t.call('GET', `/v1/requests?phone=${CALLER.phone}`, { token: agent });
    const item = listed.body.items.find((i: { trackingNo: string }) => i.trackingNo === repeat.trackingNo);
    expect(item).toMatchObject({ repeatOf: matter.trackingNo, order: null });
  });

  test("linked to a repeat, it joins that repeat's matter; an unknown matter, itself or an ordered request are refused", async () => {
    const matter = await hotline({ caseNumber: '(2026)赣1126民初703号' });
    const first = await hotline({ caseNumber: '(2026)赣1126民初703号' });
    const second = await hotline({ caseNumber: '(2026)赣1126民初703号' });
    // A matter settled at first contact: linked, nothing to urge.
    await t.call('POST', `/v1/requests/${matter.requestId}/settle`, {
      token: agent,
      body: { answer: '已答复' },
    });
    const a = await t.call('POST', `/v1/requests/${first.requestId}/link`, {
      token: agent,
      body: { trackingNo: matter.trackingNo },
    });
    expect(a.body).toMatchObject({ repeatOf: matter.trackingNo, urged: false, order: null });
    const b = await t.call('POST', `/v1/requests/${second.requestId}/link`, {
      token: agent,
      body: { trackingNo: first.trackingNo },
    });
    expect(b.body.repeatOf).toBe(matter.trackingNo);

    const fresh = await hotline({});
    const self = await t.call('POST', `/v1/requests/${fresh.requestId}/link`, {
      token: agent,
      body: { trackingNo: fresh.trackingNo },
    });
    expect(self.status).toBe(422);
    const unknown = await t.call('POST', `/v1/requests/${fresh.requestId}/link`, {
      token: agent,
      body: { trackingNo: '000000AAAAAA' },
    });
    expect(unknown.status).toBe(404);
    const handler = await t.token('handler', '赣1126');
    const notAgent = await t.call('POST', `/v1/requests/${fresh.requestId}/link`, {
      token: handler,
      body: { trackingNo: matter.trackingNo },
    });
    expect(notAgent.status).toBe(403);
  });

  test('of a complaint, it urges the supervision office above: the accused court hears nothing', async () => {
    const complaint = await hotline({
      category: 'complaint',
      content: '承办法官态度恶劣',
      caseNumber: '(2026)赣1126民初704号',
    });
    const made = await order(complaint.requestId);
    expect(made.body).toMatchObject({ courtCode: '赣11', firewalled: true });
    // This time the caller asks about the case's progress, naming the accused court's case.
    const repeat = await hotline({ caseNumber: '(2026)赣1126民初704号' });
    const before = (await t.outbox()).length;
    const linked = await t.call('POST', `/v1/requests/${repeat.requestId}/link`, {
      token: agent,
      body: { trackingNo: complaint.trackingNo },
    });
    expect(linked.body.urged).toBe(true);
    const all = await t.outbox();
    const mails = all.slice(0, all.length - before);
    expect(mails.length).toBeGreaterThan(0);
    const to = mails.flatMap((m) => m.to);
    expect(to).toContain('jiancha.gan11@courts.example.cn');
    expect(to.filter((a) => a.includes('gan1126'))).toEqual([]);
    expect(to).not.toContain('handler.gan11@courts.example.cn');
    // Nor can the accused court read the repeat, which has no order of its own.
    const accused = await t.token('supervisor', '赣1126');
    expect((await t.call('GET', `/v1/requests/${repeat.trackingNo}`, { token: accused })).status).toBe(404);
    expect((await t.call('GET', `/v1/orders/${made.body.orderId}`, { token: accused })).status).toBe(404);
  });
});

describe('the firewall between a repeat and its matter', () => {
  // A caller of their own: the other tests' complaints must not be this caller's likely match.
  const ACCUSER = { name: '钱举报', phone: '13700002222' };
  const ordinaryCourtMails = (mails: { to: string }[]) =>
    mails.map((m) => m.to).filter((a) => a.includes('gan1126'));

  test.each(['complaint', 'interference_report'])(
    "a %s is never suggested as, nor linked as, a repeat of the accused court's own order",
    async (category) => {
      const caseNumber = `(2026)赣1126民初${category === 'complaint' ? 710 : 711}号`;
      const ordinary = await hotline({ caseNumber, contact: ACCUSER });
      const ordered = await order(ordinary.requestId);
      expect(ordered.body).toMatchObject({ courtCode: '赣1126', firewalled: false });
      const accusing = await hotline({
        category,
        content: '承办法官私下会见对方当事人',
        caseNumber,
        contact: ACCUSER,
      });

      // The same case number: the accused court's order is no likely match for the complaint.
      const suggested = await t.call(
        'GET',
        `/v1/requests?phone=${ACCUSER.phone}&forRequest=${accusing.trackingNo}`,
        { token: agent },
      );
      expect(suggested.status).toBe(200);
      expect(suggested.body.likelyMatch).not.toBe(ordinary.trackingNo);
      expect(suggested.body.items.find((i: { likelyMatch: boolean }) => i.likelyMatch)?.trackingNo).not.toBe(
        ordinary.trackingNo,
      );

      const before = (await t.outbox()).length;
      const linked = await t.call('POST', `/v1/requests/${accusing.requestId}/link`, {
        token: agent,
        body: { trackingNo: ordinary.trackingNo },
      });
      expect([linked.status, linked.body.error?.code]).toEqual([422, 'firewall']);
      // Nothing written: no urge on the accused court's order, no email to it, the request still open.
      const all = await t.outbox();
      expect(ordinaryCourtMails(all.slice(0, all.length - before))).toEqual([]);
      const detail = await t.call('GET', `/v1/orders/${ordered.body.orderId}`, { token: agent });
      expect(detail.body.history.filter((h: { action: string }) => h.action === 'urged')).toEqual([]);
      const made = await order(accusing.requestId);
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ courtCode: '赣11', firewalled: true });
    },
  );

  test('a complaint repeats a complaint handled by the same supervision office, not one handled inside the accused court', async () => {
    // About 弋阳 (赣1126): handled by 上饶中院 (赣11)'s supervision office.
    const first = await hotline({
      category: 'complaint',
      content: '承办法官态度恶劣',
      caseNumber: '(2026)赣1126民初712号',
      contact: ACCUSER,
    });
    const made = await order(first.requestId);
    expect(made.body).toMatchObject({ courtCode: '赣11', firewalled: true });
    // Again about 弋阳: the same office, linked.
    const again = await hotline({
      category: 'complaint',
      content: '再次反映承办法官态度问题',
      caseNumber: '(2026)赣1126民初712号',
      contact: ACCUSER,
    });
    const linked = await t.call('POST', `/v1/requests/${again.requestId}/link`, {
      token: agent,
      body: { trackingNo: first.trackingNo },
    });
    expect([linked.status, linked.body.urged]).toEqual([200, true]);
    // About 上饶中院 itself: its complaint goes above it, never to its own office.
    const aboutIntermediate = await hotline({
      category: 'complaint',
      content: '中院工作人员推诿',
      courtCode: '赣11',
      contact: ACCUSER,
    });
    const refused = await t.call('POST', `/v1/requests/${aboutIntermediate.requestId}/link`, {
      token: agent,
      body: { trackingNo: first.trackingNo },
    });
    expect([refused.status, refused.body.error?.code]).toEqual([422, 'firewall']);
    const listed = await t.call(
      'GET',
      `/v1/requests?phone=${ACCUSER.phone}&forRequest=${aboutIntermediate.trackingNo}`,
      { token: agent },
    );
    expect(listed.body.likelyMatch).not.toBe(first.trackingNo);
  });
});

describe('a second order for the same case', () => {
  test('is refused while one is open, unless the agent states why', async () => {
    const first = await hotline({ caseNumber: '(2026)赣1126民初705号' });
    const made = await order(first.requestId);
    expect(made.status).toBe(201);
    const second = await hotline({ category: 'enforcement', caseNumber: '（2026）赣1126民初705号' });
    const refused = await order(second.requestId);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'case_has_open_order',
      details: [{ orderId: made.body.orderId, status: 'dispatched' }],
    });
    const blank = await order(second.requestId, { repeatReason: '  ' });
    expect(blank.status).toBe(422);
    const withReason = await order(second.requestId, { repeatReason: '执行款未到账，与审理进度是不同事项' });
    expect(withReason.status).toBe(201);
    const detail = await t.call('GET', `/v1/orders/${withReason.body.orderId}`, { token: agent });
    expect(detail.body.history[0]).toMatchObject({
      action: 'created',
      note: '执行款未到账，与审理进度是不同事项',
      details: { sameCaseReason: true },
    });

    // A complaint on the case is another matter: the firewall keeps it apart from the court's orders.
    const complaint = await hotline({ category: 'complaint', caseNumber: '(2026)赣1126民初705号' });
    expect((await order(complaint.requestId)).status).toBe(201);
  });
});

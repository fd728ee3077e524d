import { citizen, newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/** Issue 20: typical cases (典型案例): nominated by a supervisor, published by the center, anonymised. */
let t: TestStack;
let agent: string;
let center: string;
let supervisor11: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY, memory: true });
  agent = await t.token('agent', '赣');
  center = await t.token('supervisor', '赣', 'center-supervisor');
  supervisor11 = await t.token('supervisor', '赣11');
});
afterAll(() => t.stop());

const post = (path: string, token: string | undefined, body: unknown = {}) =>
  t.call('POST', path, { ...(token ? { token } : {}), body });
const CONTENT = '我的案件一直没有开庭通知，想了解进展，已经等了三个多月了。';
const CLEAN = {
  title: '当事人询问开庭时间，法院当日答复',
  summary: '当事人来电询问案件开庭安排。承办法院当日联系承办法官，告知排期并发送开庭传票，当事人表示满意。',
};

/** An order through its whole life to closed, satisfied; a complaint through its court's supervision office. */
async function closedOrder(body: Parameters<typeof newOrder>[1] = {}) {
  const order = await newOrder(t, { content: CONTENT, ...body });
  const actor =
    order.courtCode === '赣1126'
      ? await t.token('handler', '赣1126')
      : await t.token('handler', order.courtCode, 'office', 'supervision');
  const base = `/v1/orders/${order.orderId}`;
  expect((await post(`${base}/accept`, actor)).status).toBe(200);
  expect((await post(`${base}/reply`, actor, { answer: '已联系承办法官，下周二开庭。' })).status).toBe(200);
  const closed = await post(`${base}/callback`, agent, { reached: true, rating: 'satisfied' });
  expect(closed.body.status).toBe('closed');
  return order;
}

describe('nominating', () => {
  test('a supervisor over the court nominates a closed order; not an open one, not from elsewhere', async () => {
    const open = await newOrder(t);
    expect((await post(`/v1/orders/${open.orderId}/typical-case`, supervisor11, CLEAN)).status).toBe(409);
    const order = await closedOrder();
    const path = `/v1/orders/${order.orderId}/typical-case`;
    expect((await post(path, await t.token('handler', '赣1126'), CLEAN)).status).toBe(403);
    expect((await post(path, await t.token('supervisor', '赣01'), CLEAN)).status).toBe(404); // another region's
    const nominated = await post(path, supervisor11, CLEAN);
    expect(nominated.status).toBe(201);
    expect(nominated.body).toMatchObject({
      status: 'nominated',
      courtCode: '赣1126',
      month: '2026-03',
      orderId: order.orderId,
    });
    // Once per order: the same nomination again answers the same; another is refused.
    expect((await post(path, supervisor11, CLEAN)).body.caseId).toBe(nominated.body.caseId);
    expect((await post(path, supervisor11, { ...CLEAN, title: '另一个标题' })).status).toBe(409);
  });

  test("the citizen's name, a phone, the case number or their own words are refused, in Chinese", async () => {
    // The order's own case number (newOrder gives each order a case of its own otherwise).
    const order = await closedOrder({ caseNumber: '(2026)赣1126民初123号' });
    const path = `/v1/orders/${order.orderId}/typical-case`;
    const refused = async (summary: string, code: string) => {
      const reply = await post(path, supervisor11, { ...CLEAN, summary });
      expect([reply.status, reply.body.error.code]).toEqual([422, 'personal_data']);
      expect(reply.body.error.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual(
        [['summary', code]],
      );
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    };
    await refused(`当事人${citizen.name}来电询问开庭安排，法院当日答复。`, 'name');
    await refused('当事人来电询问开庭安排，联系电话139 1234 5678，法院当日答复。', 'phone');
    await refused('当事人询问（2026）赣1126民初123号案件的开庭安排，法院当日答复。', 'case_number');
    await refused('当事人称：“案件一直没有开庭通知，想了解进展”，法院当日答复。', 'quote');
    // Numbers hidden from a plain pattern (the attack of issue 20): full-width, dotted, spaced, in
    // Chinese numerals; a case number without its year, this order's or another.
    for (const phone of [
      '１３８００１３８０００',
      '138.0013.8000',
      '138 0013 8000',
      '一三八〇〇一三八〇〇〇',
    ])
      await refused(`当事人来电询问开庭安排，联系电话${phone}，法院当日答复。`, 'phone');
    await refused('当事人询问赣1126民初123号案件的开庭安排，法院当日答复。', 'case_number');
    await refused('当事人询问另案赣0102民初123号的开庭安排，法院当日答复。', 'case_number');
    await refused('当事人来电询问开庭安排，身份证号36010219900101123X，法院当日答复。', 'id_number');
    // A court's own landline and the hotline are no one's personal data.
    const courtPhone =
      '当事人来电询问开庭安排，法院当日答复，并告知可拨打12368或诉讼服务中心电话0793-5812368。';
    // A title is published too, and checked the same way.
    const title = await post(path, supervisor11, { ...CLEAN, title: `${citizen.name}询问开庭` });
    expect(title.status).toBe(422);
    expect(title.body.error.details).toEqual([expect.objectContaining({ field: 'title', code: 'name' })]);
    expect((await post(path, supervisor11, { ...CLEAN, summary: courtPhone })).status).toBe(201);
  });
});

describe('publishing', () => {
  test('the center decides once; the public list shows the summary and facts that name nobody', async () => {
    const order = await closedOrder();
    const caseId = (await post(`/v1/orders/${order.orderId}/typical-case`, supervisor11, CLEAN)).body.caseId;
    expect(
      (await t.call('GET', '/v1/typical-cases')).body.items.map((c: { caseId: string }) => c.caseId),
    ).not.toContain(caseId);

    // The queue is the center's.
    const queue = await t.call('GET', '/v1/typical-cases?status=nominated', { token: center });
    expect(queue.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await t.call('GET', '/v1/typical-cases?status=nominated')).status).toBe(403);
    expect((await t.call('GET', '/v1/typical-cases?status=nominated', { token: agent })).status).toBe(403);

    const decision = `/v1/typical-cases/${caseId}/decision`;
    expect((await post(decision, agent, { approved: true })).status).toBe(403);
    expect((await post(decision, supervisor11, { approved: true })).status).toBe(403);
    const published = await post(decision, center, { approved: true, note: '典型' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', decidedBy: 'center-supervisor' });
    expect((await post(decision, center, { approved: false })).status).toBe(409);

    const list = await t.call('GET', '/v1/typical-cases');
    expect(list.status).toBe(200);
    const shown = list.body.items.find((c: { caseId: string }) => c.caseId === caseId);
    expect(shown).toEqual({
      caseId,
      title: CLEAN.title,
      summary: CLEAN.summary,
      category: 'case_progress',
      courtCode: '赣1126',
      courtName: '弋阳县人民法院',
      month: '2026-03',
      publishedAt: published.body.publishedAt,
    });
    const text = JSON.stringify(list.body);
    for (const personal of [citizen.name, citizen.phone, CONTENT, order.orderId, order.trackingNo])
      expect(text).not.toContain(personal);
  });

  test('a rejected case is not published, and the order may be nominated again', async () => {
    const order = await closedOrder();
    const path = `/v1/orders/${order.orderId}/typical-case`;
    const caseId = (await post(path, supervisor11, CLEAN)).body.caseId;
    expect(
      (await post(`/v1/typical-cases/${caseId}/decision`, center, { approved: false, note: '不够典型' })).body
        .status,
    ).toBe('rejected');
    expect(
      (await t.call('GET', '/v1/typical-cases')).body.items.map((c: { caseId: string }) => c.caseId),
    ).not.toContain(caseId);
    expect((await post(path, supervisor11, { ...CLEAN, title: '改写后的标题' })).status).toBe(201);
  });

  test('the center withdraws a published case: gone from the public list, kept in its own; the order may be nominated again', async () => {
    const order = await closedOrder();
    const path = `/v1/orders/${order.orderId}/typical-case`;
    const caseId = (await post(path, supervisor11, CLEAN)).body.caseId;
    const withdraw = `/v1/typical-cases/${caseId}/withdrawal`;
    // Only a published case is withdrawn.
    expect((await post(withdraw, center, { reason: '含有可识别信息' })).status).toBe(409);
    await post(`/v1/typical-cases/${caseId}/decision`, center, { approved: true });
    const published = async () =>
      (await t.call('GET', '/v1/typical-cases')).body.items.map((c: { caseId: string }) => c.caseId);
    expect(await published()).toContain(caseId);

    for (const token of [agent, supervisor11, await t.token('auditor', '赣')])
      expect((await post(withdraw, token, { reason: '含有可识别信息' })).status).toBe(403);
    expect((await post(withdraw, center, {})).status).toBe(422); // a reason is required
    const withdrawn = await post(withdraw, center, { reason: '含有可识别信息' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      caseId,
      status: 'withdrawn',
      publishedAt: null,
      withdrawnBy: 'center-supervisor',
      withdrawalReason: '含有可识别信息',
    });
    expect(await published()).not.toContain(caseId);
    // Withdrawing again changes nothing: the same answer.
    expect((await post(withdraw, center, { reason: '含有可识别信息' })).body).toEqual(withdrawn.body);
    const kept = await t.call('GET', '/v1/typical-cases?status=withdrawn', { token: center });
    expect(kept.body.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    expect((await t.call('GET', '/v1/typical-cases?status=withdrawn')).status).toBe(403);
    // Nor does a withdrawn case seed the knowledge base.
    expect((await post('/v1/knowledge', center, { fromTypicalCase: caseId })).status).toBe(422);
    // Rewritten, the order may be nominated again.
    expect((await post(path, supervisor11, { ...CLEAN, title: '重新撰写的标题' })).status).toBe(201);
  });

  test("a withdrawal's reason and a decision's note, shown to the center's supervisors as long as the case is kept, name nobody either", async () => {
    const order = await closedOrder({ caseNumber: '(2026)赣1126民初456号' });
    const caseId = (await post(`/v1/orders/${order.orderId}/typical-case`, supervisor11, CLEAN)).body.caseId;
    const decision = `/v1/typical-cases/${caseId}/decision`;
    const named = await post(decision, center, {
      approved: true,
      note: `摘要未写${citizen.name}姓名，可以发布`,
    });
    expect([named.status, named.body.error?.code]).toEqual([422, 'personal_data']);
    expect(named.body.error.details).toMatchObject([{ field: 'note', code: 'name' }]);
    expect((await post(decision, center, { approved: true, note: '可以发布' })).status).toBe(200);

    const withdraw = `/v1/typical-cases/${caseId}/withdrawal`;
    for (const [reason, code] of [
      [`摘要可识别出当事人${citizen.name}`, 'name'],
      ['当事人来电要求撤下，电话13912345678', 'phone'],
      ['与（2026）赣1126民初456号案件有关', 'case_number'],
      [`当事人原话为“${CONTENT}”`, 'quote'],
    ] as const) {
      const reply = await post(withdraw, center, { reason });
      expect([reason, reply.status, reply.body.error?.code]).toEqual([reason, 422, 'personal_data']);
      expect(reply.body.error.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual(
        [['reason', code]],
      );
    }
    // Refused, it stays published; the reason in staff's own words withdraws it.
    expect(
      (await t.call('GET', '/v1/typical-cases')).body.items.map((c: { caseId: string }) => c.caseId),
    ).toContain(caseId);
    const withdrawn = await post(withdraw, center, { reason: '摘要含可识别当事人的信息' });
    expect([withdrawn.status, withdrawn.body.withdrawalReason]).toEqual([200, '摘要含可识别当事人的信息']);
  });

  test('the firewall: a complaint is published without a court, and may not name the accused one', async () => {
    const order = await closedOrder({ category: 'complaint' });
    expect(order.courtCode).toBe('赣11');
    const office = await t.token('supervisor', '赣11', 'office-head', 'supervision');
    const path = `/v1/orders/${order.orderId}/typical-case`;
    // The accused court's supervisors do not see the order at all.
    expect((await post(path, await t.token('supervisor', '赣1126'), CLEAN)).status).toBe(404);
    const naming = await post(path, office, {
      ...CLEAN,
      summary: '当事人投诉弋阳法院工作人员态度问题，上级法院核查后督促整改。',
    });
    expect(naming.status).toBe(422);
    expect(naming.body.error.details.map((d: { code: string }) => d.code)).toEqual(['accused_court']);
    const nominated = await post(path, office, {
      title: '投诉工作人员态度，上级法院督促整改',
      summary: '当事人投诉某法院工作人员接待态度问题，上级法院监察部门核查属实，督促整改并回复当事人。',
    });
    expect(nominated.status).toBe(201);
    expect(nominated.body.courtCode).toBeNull();
    await post(`/v1/typical-cases/${nominated.body.caseId}/decision`, center, { approved: true });
    const shown = (await t.call('GET', '/v1/typical-cases')).body.items.find(
      (c: { caseId: string }) => c.caseId === nominated.body.caseId,
    );
    expect(shown).toMatchObject({ category: 'complaint', courtCode: null, courtName: null });
  });
});

describe('a typical case seeds a knowledge-base entry', () => {
  test('from a published case, with its title and summary; never from one not published', async () => {
    const order = await closedOrder();
    const caseId = (await post(`/v1/orders/${order.orderId}/typical-case`, supervisor11, CLEAN)).body.caseId;
    const early = await post('/v1/knowledge', center, { fromTypicalCase: caseId });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('unknown_typical_case');
    await post(`/v1/typical-cases/${caseId}/decision`, center, { approved: true });
    const seeded = await post('/v1/knowledge', center, { fromTypicalCase: caseId, tags: ['开庭'] });
    expect(seeded.status).toBe(201);
    expect(seeded.body).toMatchObject({
      title: CLEAN.title,
      answer: CLEAN.summary,
      category: 'case_progress',
      fromTypicalCase: caseId,
      status: 'published',
    });
    const found = await t.call('GET', `/v1/knowledge?q=${encodeURIComponent('开庭时间')}`, { token: agent });
    expect(found.body.items[0].knowledgeId).toBe(seeded.body.knowledgeId);
  });
});

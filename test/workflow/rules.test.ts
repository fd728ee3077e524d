import {
  newOrder,
  type OutboxItem,
  PLAIN_MONDAY,
  shanghai,
  startTestStack,
  type TestStack,
} from '../support/local';

/**
 * DOMAIN.md's rules that a court could game, or that must reach the right people, against the
 * running local stack. Each test starts on Monday 09:00 of two plain working weeks: a
 * 1-working-day order dispatched then is due Tuesday 17:30.
 */
let t: TestStack;
let monday: Date;
let agent: string;
let h1126: string;
beforeEach(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
  agent = await t.token('agent', '赣');
  h1126 = await t.token('handler', '赣1126');
});
afterEach(() => t.stop());

const at = (days: number, hhmm: string) => ({ to: shanghai(monday, days, hhmm) });
const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });
const get = async (orderId: string) => (await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).body;
const mailFor = async (orderId: string) =>
  (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId).reverse();
const steps = (mails: OutboxItem[]) => mails.map((m) => `${m.tags.step}→${m.to}`);

describe('lateness sticks', () => {
  test('an extension asked after the deadline is refused; one approved after it leaves the round late', async () => {
    const { orderId } = await newOrder(t);
    const supervisor = await t.token('supervisor', '赣11');
    // Asked in time (Tuesday 17:00), approved Wednesday, after level 1 went out.
    await t.advance(at(1, '17:00'));
    expect(
      (await post(`/v1/orders/${orderId}/extension`, h1126, { reason: '调卷', workingDays: 5 })).status,
    ).toBe(200);
    await t.advance(at(2, '10:00'));
    expect((await get(orderId)).escalationLevel).toBe(1);
    const approved = await post(`/v1/orders/${orderId}/extension/decision`, supervisor, {
      approved: true,
      note: '同意',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      late: true,
      escalationLevel: 1,
      deadline: shanghai(monday, 8, '17:30'),
    });
    // Announced as an approved extension with its new deadline, not as a second new order.
    const mails = await mailFor(orderId);
    expect(mails.filter((m) => m.subject.startsWith('【新工单】'))).toHaveLength(1);
    const announced = mails.find((m) => m.subject.startsWith('【延期已批准】'));
    expect(announced?.subject).toContain(`${shanghai(monday, 8, '17:30').slice(0, 10)}`);
    expect(announced?.to).toBe('handler.gan1126@courts.example.cn');
    // The court replies within the new deadline: the round is still late.
    await post(`/v1/orders/${orderId}/accept`, h1126);
    const replied = await post(`/v1/orders/${orderId}/reply`, h1126, { answer: '已答复' });
    expect(replied.body).toMatchObject({ late: true, escalationLevel: 1 });

    // Another order, dispatched Wednesday and due Thursday: asking on Friday is too late.
    const second = await newOrder(t);
    await t.advance(at(4, '10:00'));
    const tooLate = await post(`/v1/orders/${second.orderId}/extension`, h1126, {
      reason: '调卷',
      workingDays: 5,
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error.code).toBe('too_late');
  });

  test('a refused extension is announced too', async () => {
    const { orderId } = await newOrder(t);
    await post(`/v1/orders/${orderId}/extension`, h1126, { reason: '调卷', workingDays: 2 });
    await post(`/v1/orders/${orderId}/extension/decision`, await t.token('supervisor', '赣11'), {
      approved: false,
      note: '理由不充分',
    });
    const refused = (await mailFor(orderId)).find((m) => m.subject.startsWith('【延期未批准】'));
    expect(refused?.text).toContain('理由不充分');
  });

  test('a rejected return goes back with its original deadline, late at once; an approved one is a new round', async () => {
    const { orderId } = await newOrder(t);
    await post(`/v1/orders/${orderId}/return`, h1126, { reason: '非本院管辖' });
    await t.advance(at(2, '09:00')); // the center decides on Wednesday, after the Tuesday deadline
    expect((await post(`/v1/orders/${orderId}/return/decision`, agent, { approved: true })).status).toBe(422);
    const rejected = await post(`/v1/orders/${orderId}/return/decision`, agent, {
      approved: false,
      note: '属本院',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'dispatched',
      courtCode: '赣1126',
      deadline: shanghai(monday, 1, '17:30'),
      late: true,
    });
    await t.advance(at(2, '09:05'));
    const back = steps(
      (await mailFor(orderId)).filter((m) => m.tags.stage === 'reply' && m.tags.stageSeq === 3),
    );
    expect(back).toEqual([
      'notice→handler.gan1126@courts.example.cn',
      'warning→handler.gan1126@courts.example.cn',
      'level1→supervisor.gan1126@courts.example.cn',
    ]);
    expect((await get(orderId)).escalationLevel).toBe(1);
    // POST …/dispatch to the court that returned it is the same as a rejection.
    const other = await newOrder(t);
    await post(`/v1/orders/${other.orderId}/return`, h1126, { reason: '非本院管辖' });
    const same = await post(`/v1/orders/${other.orderId}/dispatch`, agent, { courtCode: '赣1126' });
    expect(same.body).toMatchObject({ courtCode: '赣1126', deadline: other.deadline });
    expect(same.body.history.at(-1).action).toBe('return_rejected');
    // Approved: another court, a new deadline.
    const third = await newOrder(t);
    await post(`/v1/orders/${third.orderId}/return`, h1126, { reason: '非本院管辖' });
    const approved = await post(`/v1/orders/${third.orderId}/return/decision`, agent, {
      approved: true,
      note: '改派',
      courtCode: '赣1102',
    });
    expect(approved.body).toMatchObject({
      courtCode: '赣1102',
      late: false,
      deadline: shanghai(monday, 3, '17:30'),
    });
  });

  test('a reply rejected by the center reopens the round at the court with its original deadline', async () => {
    const { orderId } = await newOrder(t);
    await post(`/v1/orders/${orderId}/accept`, h1126);
    await post(`/v1/orders/${orderId}/reply`, h1126, { answer: '请自行查询' });
    expect((await post(`/v1/orders/${orderId}/reply/decision`, agent, { accepted: false })).status).toBe(422);
    await t.advance(at(2, '09:00'));
    const rejected = await post(`/v1/orders/${orderId}/reply/decision`, agent, {
      accepted: false,
      reason: '未回应诉求',
    });
    expect(rejected.body).toMatchObject({
      status: 'accepted',
      deadline: shanghai(monday, 1, '17:30'),
      late: true,
    });
    await t.advance(at(2, '09:05'));
    const notice = (await mailFor(orderId)).find((m) => m.subject.startsWith('【答复不合格】'));
    expect(notice?.to).toBe('handler.gan1126@courts.example.cn');
    const again = await post(`/v1/orders/${orderId}/reply`, h1126, { answer: '已联系承办法官' });
    expect(again.body).toMatchObject({ status: 'replied', late: true });
  });
});

describe('supervision that is told', () => {
  test('催办 emails the handling court at once and is a line of history', async () => {
    const { orderId } = await newOrder(t);
    const urged = await post(`/v1/orders/${orderId}/urge`, agent, { note: '当事人多次来电' });
    expect(urged.status).toBe(200);
    expect(urged.body.history.at(-1)).toMatchObject({ action: 'urged', note: '当事人多次来电' });
    const mail = (await mailFor(orderId)).find((m) => m.subject.startsWith('【催办】'));
    expect(mail?.to).toBe('handler.gan1126@courts.example.cn');
    expect(mail?.text).toContain('当事人多次来电');
    expect((await post(`/v1/orders/${orderId}/urge`, h1126, { note: '催' })).status).toBe(403);
  });

  test("a note can never forge a line or a link of the center's own emails", async () => {
    const { orderId } = await newOrder(t);
    const forged = `请尽快处理\n请登录工作台处理：http://evil.example/desk/orders/${orderId}\n\n—— 赣法民意中心（12368）`;
    expect((await post(`/v1/orders/${orderId}/urge`, agent, { note: forged })).status).toBe(200);
    await post(`/v1/orders/${orderId}/extension`, h1126, { reason: '调卷', workingDays: 2 });
    const supervisor = await t.token('supervisor', '赣11');
    const decided = await post(`/v1/orders/${orderId}/extension/decision`, supervisor, {
      approved: false,
      note: '不同意\r\n访问 www.evil.example 查看',
    });
    expect(decided.status).toBe(200);
    const mails = (await mailFor(orderId)).filter((m) => /【催办】|【延期未批准】/.test(m.subject));
    expect(new Set(mails.map((m) => m.tags.step))).toEqual(new Set(['urged', 'extension_rejected']));
    for (const mail of mails) {
      const lines = mail.text.split('\n');
      // Our own lines, once each, and ours only: every line staff wrote is quoted under its label.
      expect(lines.filter((l) => l.startsWith('请登录工作台处理：'))).toEqual([
        `请登录工作台处理：${t.stack.url}/desk/orders/${orderId}`,
      ]);
      expect(lines.filter((l) => l.startsWith('——'))).toHaveLength(1);
      expect(mail.text).not.toMatch(/evil\.example|https?:\/\/evil/);
    }
    const urged = mails.find((m) => m.subject.startsWith('【催办】'))!.text.split('\n');
    const from = urged.indexOf('催办意见（以下为原文引用）：');
    expect(urged.slice(from + 1, from + 5)).toEqual([
      '> 请尽快处理',
      `> 请登录工作台处理：http[:]//evil[.]example/desk/orders/${orderId}`,
      '> ',
      '> —— 赣法民意中心（12368）',
    ]);
    const refused = mails.find((m) => m.subject.startsWith('【延期未批准】'))!.text;
    expect(refused).toContain('审批意见（以下为原文引用）：\n> 不同意\n> 访问 www[.]evil[.]example 查看');
    // The history keeps what was written.
    expect((await get(orderId)).history.find((h: { action: string }) => h.action === 'urged').note).toBe(
      forged,
    );
  });

  test('a reopened order: its supervising court is told at once and finds it in its list', async () => {
    const { orderId } = await newOrder(t);
    const other = await newOrder(t);
    await post(`/v1/orders/${orderId}/accept`, h1126);
    await post(`/v1/orders/${orderId}/reply`, h1126, { answer: '答复' });
    await post(`/v1/orders/${orderId}/callback`, agent, { reached: true, rating: 'unsatisfied' });
    await t.stack.workflows.settle();
    const told = (await mailFor(orderId)).filter((m) => m.subject.startsWith('【重办工单】'));
    expect(told.map((m) => m.to)).toContain('supervisor.gan11@courts.example.cn');
    const s11 = await t.token('supervisor', '赣11');
    const listed = await t.call('GET', '/v1/orders?limit=100', { token: s11 });
    const supervised = listed.body.items.filter(
      (o: { supervisingCourtCode: string | null }) => o.supervisingCourtCode === '赣11',
    );
    expect(supervised.map((o: { orderId: string }) => o.orderId)).toEqual([orderId]);
    expect(listed.body.items.map((o: { orderId: string }) => o.orderId)).toContain(other.orderId);
  });

  test('a pending review is announced at once to the supervisors who must close it', async () => {
    const { orderId } = await newOrder(t);
    for (let round = 0; round < 3; round++) {
      await post(`/v1/orders/${orderId}/accept`, h1126);
      await post(`/v1/orders/${orderId}/reply`, h1126, { answer: `答复${round}` });
      await post(`/v1/orders/${orderId}/callback`, agent, { reached: true, rating: 'unsatisfied' });
    }
    expect((await get(orderId)).reviewPending).toBe(true);
    await t.stack.workflows.settle();
    const review = (await mailFor(orderId)).filter((m) => m.tags.stage === 'review');
    expect(steps(review)).toEqual(['notice→supervisor.gan11@courts.example.cn']);
    expect(review[0]!.subject).toContain('【待审核】');
  });

  test("the high court's own order: each level reaches someone the previous one did not", async () => {
    const { orderId } = await newOrder(t, { caseNumber: '(2026)赣民终1号' });
    await t.advance(at(4, '17:31'));
    expect(
      steps((await mailFor(orderId)).filter((m) => m.tags.step !== 'notice' && m.tags.step !== 'warning')),
    ).toEqual([
      'level1→supervisor.gan@courts.example.cn',
      'level2→leader.gan@courts.example.cn',
      'level3→supervisor.gan@courts.example.cn',
      'level3→leader.gan@courts.example.cn',
    ]);
  });
});

describe('the firewall: the supervision office', () => {
  test('a complaint about a basic court: its notices and its whole ladder go to the superior court’s office', async () => {
    const { orderId, courtCode } = await newOrder(t, {
      category: 'complaint',
      courtCode: '赣1126',
      caseNumber: undefined,
    });
    expect(courtCode).toBe('赣11');
    await t.advance(at(10, '17:31'));
    const ladder = steps((await mailFor(orderId)).filter((m) => m.tags.stage === 'reply'));
    expect(ladder).toEqual([
      'notice→jiancha.gan11@courts.example.cn',
      'warning→jiancha.gan11@courts.example.cn',
      'level1→jiancha.lead.gan11@courts.example.cn',
      'level2→jiancha.lead.gan@courts.example.cn',
      'level3→jiancha.lead.gan@courts.example.cn',
      'level3→leader.gan@courts.example.cn',
    ]);
    expect(ladder.join(' ')).not.toMatch(/gan1126|handler\.gan11@/);
  });

  test("a complaint about the high court, and an interference report naming no court, go to the high court's office", async () => {
    const aboutHigh = await newOrder(t, { category: 'complaint', courtCode: '赣', caseNumber: undefined });
    expect(aboutHigh.courtCode).toBe('赣');
    const noCourt = await newOrder(t, { category: 'interference_report', caseNumber: undefined });
    expect(noCourt.courtCode).toBe('赣');
    for (const { orderId } of [aboutHigh, noCourt]) {
      expect(steps(await mailFor(orderId))).toEqual(['notice→jiancha.gan@courts.example.cn']);
    }
  });
});

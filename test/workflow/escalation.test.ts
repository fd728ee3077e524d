import {
  newOrder,
  type OutboxItem,
  PLAIN_MONDAY,
  shanghai,
  startTestStack,
  type TestStack,
} from '../support/local';

/**
 * Each test starts its own stack on PLAIN_MONDAY, 09:00 of plain working weeks: a 1-working-day
 * order dispatched then is due Tuesday 17:30; level 2 falls Wednesday 17:30, level 3 Friday 17:30.
 */
let t: TestStack;
let monday: Date;
beforeEach(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
});
afterEach(() => t.stop());

const at = (days: number, hhmm: string) => ({ to: shanghai(monday, days, hhmm) });
const mailFor = async (orderId: string) =>
  (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId).reverse();
/** Sent at `iso` on the local clock (which keeps running in real time while the test works). */
const sentNear = (sentAt: string, iso: string) => {
  const drift = Date.parse(sentAt) - Date.parse(iso);
  expect(drift).toBeGreaterThanOrEqual(0);
  expect(drift).toBeLessThan(5_000);
};
const steps = (mails: OutboxItem[]) => mails.map((m) => `${m.tags.step}→${m.to}`);

async function order(id: string, token: string) {
  return (await t.call('GET', `/v1/orders/${id}`, { token })).body;
}

test('an unanswered order climbs the ladder to the high court, one email per level; replying stops it', async () => {
  const { orderId, deadline } = await newOrder(t);
  expect(deadline).toBe(shanghai(monday, 1, '17:30'));
  const agent = await t.token('agent', '赣');

  expect(steps(await mailFor(orderId))).toEqual(['notice→handler.gan1126@courts.example.cn']);

  await t.advance(at(1, '13:00'));
  expect((await mailFor(orderId)).length).toBe(1);
  await t.advance(at(1, '13:10')); // 75% of 1050 working minutes: Tuesday 13:08
  expect(steps(await mailFor(orderId)).at(-1)).toBe('warning→handler.gan1126@courts.example.cn');
  expect((await order(orderId, agent)).late).toBe(false);

  const listed = async (late: boolean) =>
    (await t.call('GET', `/v1/orders?late=${late}&limit=100`, { token: agent })).body.items.map(
      (i: { orderId: string }) => i.orderId,
    );
  expect(await listed(false)).toContain(orderId);
  expect(await listed(true)).not.toContain(orderId);
  await t.advance(at(1, '17:31'));
  let o = await order(orderId, agent);
  expect(o).toMatchObject({ late: true, escalationLevel: 1 });
  expect(await listed(true)).toContain(orderId);
  expect(await listed(false)).not.toContain(orderId);
  await t.advance(at(2, '17:31'));
  expect((await order(orderId, agent)).escalationLevel).toBe(2);
  await t.advance(at(4, '17:31'));
  o = await order(orderId, agent);
  expect(o.escalationLevel).toBe(3);

  const mails = await mailFor(orderId);
  expect(steps(mails)).toEqual([
    'notice→handler.gan1126@courts.example.cn',
    'warning→handler.gan1126@courts.example.cn',
    'level1→supervisor.gan1126@courts.example.cn',
    'level2→supervisor.gan11@courts.example.cn',
    // 通报: the high court's supervisors and, beyond them, the center's leadership.
    'level3→supervisor.gan@courts.example.cn',
    'level3→leader.gan@courts.example.cn',
  ]);
  expect(mails[2]!.text).toContain('超期情况：已到期');
  expect(mails[3]!.text).toContain('已超期 1 个工作日');
  const level3 = mails.at(-2)!;
  expect(level3.subject).toContain('三级通报');
  expect(level3.text).toContain(orderId);
  expect(level3.text).toContain('弋阳县人民法院');
  expect(level3.text).toContain('已超期 3 个工作日');
  expect(level3.text).toContain(`/orders/${orderId}`);
  sentNear(level3.sentAt, shanghai(monday, 4, '17:30'));
  expect(mails.at(-1)!.subject).toBe(level3.subject);
  expect(
    o.history
      .filter((h: { action: string }) => h.action === 'escalated')
      .map((h: { details: { level: number } }) => h.details.level),
  ).toEqual([1, 2, 3]);

  // The court replies, late: the court's ladder stops, the center's callback clock starts.
  const handler = await t.token('handler', '赣1126');
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  const replied = await t.call('POST', `/v1/orders/${orderId}/reply`, {
    token: handler,
    body: { answer: '已联系当事人' },
  });
  expect(replied.body).toMatchObject({ status: 'replied', late: true, escalationLevel: 3 });
  await t.advance(at(11, '17:31')); // far past the callback deadline (2 working days)
  const after = await mailFor(orderId);
  const callbackSteps = steps(after.slice(6));
  // Each level reaches someone the previous one did not: agents, the center's supervisors, its
  // leadership, then both.
  expect(callbackSteps).toEqual([
    'warning→agent1.gan@courts.example.cn',
    'warning→agent2.gan@courts.example.cn',
    'level1→supervisor.gan@courts.example.cn',
    'level2→leader.gan@courts.example.cn',
    'level3→supervisor.gan@courts.example.cn',
    'level3→leader.gan@courts.example.cn',
  ]);
  expect(after.slice(6).every((m) => m.subject.includes('中心回访'))).toBe(true);
  expect((await order(orderId, agent)).callbackEscalationLevel).toBe(3);
});

test('a reply in time means no escalation at all', async () => {
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已答复' } });
  const agent = await t.token('agent', '赣');
  await t.call('POST', `/v1/orders/${orderId}/callback`, {
    token: agent,
    body: { reached: true, rating: 'basically_satisfied' },
  });
  await t.advance(at(9, '18:00'));
  expect(steps(await mailFor(orderId))).toEqual(['notice→handler.gan1126@courts.example.cn']);
  expect((await order(orderId, agent)).closeReason).toBe('basically_satisfied');
  expect(t.stack.workflows.running).toBe(0);
});

test('killing the stack mid-wait loses no deadline and sends nothing twice', async () => {
  const { orderId } = await newOrder(t);
  await t.advance(at(1, '14:00')); // notice and warning sent
  expect((await mailFor(orderId)).length).toBe(2);
  const before = t.stack.clock.now().getTime();

  await t.restart();
  expect(t.stack.clock.now().getTime()).toBeGreaterThanOrEqual(before);
  expect(t.stack.workflows.running).toBe(1); // resumed from the open-orders index
  expect((await mailFor(orderId)).length).toBe(2);

  await t.advance(at(2, '17:31'));
  await t.restart();
  await t.advance(at(4, '17:31'));
  expect(steps(await mailFor(orderId)).map((s) => s.split('→')[0])).toEqual([
    'notice',
    'warning',
    'level1',
    'level2',
    'level3',
    'level3',
  ]);
});

test('the callback deadline closes as unreachable after three failed attempts and the SMS', async () => {
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '已答复' } }); // Monday
  for (let i = 0; i < 3; i++)
    await t.call('POST', `/v1/orders/${orderId}/callback`, { token: agent, body: { reached: false } });
  await t.advance(at(2, '17:31')); // callback deadline: Wednesday 17:30
  const o = await order(orderId, agent);
  expect(o).toMatchObject({ status: 'closed', closeReason: 'unreachable', callbackAttempts: 3 });
  const levels = (await mailFor(orderId)).map((m) => m.tags.step);
  expect(levels).not.toContain('level1');
});

test('a returned order puts the center on the clock; re-dispatch starts a new court clock', async () => {
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  await t.call('POST', `/v1/orders/${orderId}/return`, { token: handler, body: { reason: '非我院案件' } });
  await t.advance(at(1, '17:31')); // re-dispatch deadline Tuesday 17:30
  expect(steps((await mailFor(orderId)).slice(1))).toEqual([
    'warning→agent1.gan@courts.example.cn',
    'warning→agent2.gan@courts.example.cn',
    'level1→supervisor.gan@courts.example.cn',
  ]);
  await t.call('POST', `/v1/orders/${orderId}/dispatch`, { token: agent, body: { courtCode: '赣1102' } });
  // Re-dispatched after hours: the new court hears of it the next working morning.
  expect((await mailFor(orderId)).at(-1)!.tags.step).toBe('level1');
  await t.advance(at(2, '08:30'));
  const last = (await mailFor(orderId)).at(-1)!;
  expect(last.tags.step).toBe('notice');
  expect(last.to).toBe('handler.gan1102@courts.example.cn');
});

test('an approved extension moves the ladder to the new deadline', async () => {
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  const supervisor = await t.token('supervisor', '赣11');
  await t.call('POST', `/v1/orders/${orderId}/extension`, {
    token: handler,
    body: { reason: '需要调卷', workingDays: 2 },
  });
  const approved = await t.call('POST', `/v1/orders/${orderId}/extension/decision`, {
    token: supervisor,
    body: { approved: true },
  });
  expect(approved.body.deadline).toBe(shanghai(monday, 3, '17:30'));
  await t.advance(at(2, '18:00'));
  expect((await mailFor(orderId)).map((m) => m.tags.step)).not.toContain('level1');
  await t.advance(at(3, '17:31'));
  expect((await mailFor(orderId)).map((m) => m.tags.step)).toContain('level1');
  expect((await order(orderId, supervisor)).escalationLevel).toBe(1);
});

test('a step that falls outside working hours waits for the next working morning', async () => {
  await t.advance(at(4, '20:00')); // Friday evening
  const { orderId } = await newOrder(t);
  expect(await mailFor(orderId)).toEqual([]);
  await t.advance(at(6, '23:00')); // Sunday night: still nothing
  expect(await mailFor(orderId)).toEqual([]);
  await t.advance(at(7, '08:31'));
  const [notice] = await mailFor(orderId);
  sentNear(notice!.sentAt, shanghai(monday, 7, '08:30'));
});

test('the clock only moves forward', async () => {
  const back = await t.call('POST', '/_local/clock', { body: { to: '2020-01-01T00:00:00Z' } });
  expect(back.status).toBe(409);
  expect((await t.call('POST', '/_local/clock', { body: { advance: 'two days' } })).status).toBe(422);
});

test('unsatisfied: the reopened order gets a new deadline, a new notice and a new ladder, copied to the supervising court', async () => {
  const { orderId } = await newOrder(t);
  const handler = await t.token('handler', '赣1126');
  const agent = await t.token('agent', '赣');
  await t.call('POST', `/v1/orders/${orderId}/accept`, { token: handler });
  await t.call('POST', `/v1/orders/${orderId}/reply`, { token: handler, body: { answer: '第一次答复' } });
  const reopened = await t.call('POST', `/v1/orders/${orderId}/callback`, {
    token: agent,
    body: { reached: true, rating: 'unsatisfied' },
  });
  expect(reopened.body).toMatchObject({
    status: 'dispatched',
    reopenCount: 1,
    supervisingCourtCode: '赣11',
    escalationLevel: 0,
  });
  expect(reopened.body.deadline).toBe(shanghai(monday, 1, '17:30'));
  await t.advance(at(2, '17:31'));
  const o = await order(orderId, agent);
  expect(o).toMatchObject({ late: true, escalationLevel: 2 });
  // Stages: 1 the first reply, 2 the callback, 3 the reopened reply.
  const reply2 = (await mailFor(orderId)).filter((m) => m.tags.stage === 'reply' && m.tags.stageSeq === 3);
  // The supervising court (赣11) hears of the reopened round at once and is copied on every step;
  // so level 2 climbs past it, to the high court's supervisors (issue 21).
  expect(steps(reply2)).toEqual([
    'notice→handler.gan1126@courts.example.cn',
    'notice→supervisor.gan11@courts.example.cn',
    'warning→handler.gan1126@courts.example.cn',
    'warning→supervisor.gan11@courts.example.cn',
    'level1→supervisor.gan1126@courts.example.cn',
    'level1→supervisor.gan11@courts.example.cn',
    'level2→supervisor.gan@courts.example.cn',
    'level2→supervisor.gan11@courts.example.cn',
  ]);
  expect(reply2[0]!.subject).toContain('【重办工单】');
  expect(reply2[0]!.text).toContain('督办法院：上饶市中级人民法院');
});

test('a mail failure after the step was recorded: the tick is retried and the email goes out once', async () => {
  const { orderId } = await newOrder(t);
  const { getContainer } = await import('../../functions/commons/container');
  const mailer = getContainer().mailer;
  const send = mailer.send.bind(mailer);
  let failures = 0;
  mailer.send = async (mail) => {
    if (mail.tags.step === 'warning' && failures === 0) {
      failures++;
      throw new Error('SMTP 421 service not available');
    }
    return send(mail);
  };
  try {
    await t.advance(at(1, '13:10'));
  } finally {
    mailer.send = send;
  }
  expect(failures).toBe(1);
  expect((await mailFor(orderId)).map((m) => m.tags.step)).toEqual(['notice', 'warning']);
  const o = await order(orderId, await t.token('agent', '赣'));
  expect(o.history.filter((h: { action: string }) => h.action === 'warning')).toHaveLength(1);
});

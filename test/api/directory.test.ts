import { DirectoryRepo } from '../../adapters/dynamo/directory-repo';
import { StaffDirectory } from '../../adapters/staff-directory';
import { CourtDirectory } from '../../domain/courts';
import { getContainer } from '../../functions/commons/container';
import { syncDirectory } from '../../services/directory';
import { reviewReturn } from '../../services/orders';
import { createOrderForRequest } from '../../services/requests';
import {
  newOrder,
  type OutboxItem,
  PLAIN_MONDAY,
  shanghai,
  startTestStack,
  type TestStack,
} from '../support/local';

/**
 * The directory at run time (DOMAIN.md; API.md `/v1/admin/staff`, `/v1/admin/courts`): the
 * center's administrators change who works where in the running stack, and the next email goes
 * to the people there now. Every stack starts on PLAIN_MONDAY: a 1-working-day order dispatched
 * then warns its handlers Tuesday 13:08 and reaches level 1 Tuesday 17:30.
 */
let t: TestStack;
const monday = PLAIN_MONDAY;
beforeEach(async () => {
  t = await startTestStack({ startAt: monday });
});
afterEach(() => t.stop());

const at = (days: number, hhmm: string) => ({ to: shanghai(monday, days, hhmm) });
const mailFor = async (orderId: string): Promise<OutboxItem[]> =>
  (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId).reverse();
const admin = () => t.token('admin', '赣', 'admin-1');

async function staffOf(court: string, token?: string) {
  const reply = await t.call('GET', `/v1/admin/staff?courtCode=${encodeURIComponent(court)}&limit=100`, {
    token: token ?? (await admin()),
  });
  expect(reply.status).toBe(200);
  return reply.body.items as Array<{
    id: string;
    role: string;
    unit: string | null;
    email: string;
    active: boolean;
  }>;
}

async function changeStaff(body: unknown) {
  return t.call('POST', '/v1/admin/staff', { token: await admin(), body });
}

async function changeCourt(body: unknown) {
  return t.call('POST', '/v1/admin/courts', { token: await admin(), body });
}

async function changes() {
  const reply = await t.call('GET', '/v1/admin/changes?limit=100', { token: await admin() });
  expect(reply.status).toBe(200);
  return reply.body.items;
}

test('a handler who leaves gets no further email; the one who replaces them gets the next, and both changes are recorded', async () => {
  const { orderId } = await newOrder(t);
  expect((await mailFor(orderId)).map((m) => m.to)).toEqual(['handler.gan1126@courts.example.cn']);

  const leaving = (await staffOf('赣1126')).find((m) => m.role === 'handler' && m.unit === null)!;
  expect(leaving.email).toBe('handler.gan1126@courts.example.cn');
  const added = await changeStaff({
    action: 'add',
    court: '赣1126',
    role: 'handler',
    name: '周新',
    email: 'zhou.xin@courts.example.cn',
  });
  expect(added.status).toBe(200);
  expect(added.body.member).toMatchObject({ court: '赣1126', role: 'handler', unit: null, active: true });
  const left = await changeStaff({ action: 'deactivate', id: leaving.id });
  expect(left.status).toBe(200);
  expect(left.body.member.active).toBe(false);

  // The order dispatched before keeps its court; its next email goes to the people there now.
  await t.advance(at(1, '13:10'));
  const warning = (await mailFor(orderId)).at(-1)!;
  expect(warning.tags.step).toBe('warning');
  expect(warning.to).toBe('zhou.xin@courts.example.cn');
  const order = await t.call('GET', `/v1/orders/${orderId}`, { token: await t.token('agent', '赣') });
  expect(order.body.courtCode).toBe('赣1126');

  // A new order at the same court is announced to the new handler only.
  const next = await newOrder(t);
  expect((await mailFor(next.orderId)).map((m) => m.to)).toEqual(['zhou.xin@courts.example.cn']);

  const record = await changes();
  expect(record.map((c: { kind: string }) => c.kind)).toEqual(['staff_deactivated', 'staff_added']);
  expect(record[0]).toMatchObject({
    by: { sub: 'admin-1', role: 'admin', court: '赣' },
    subject: leaving.id,
    before: { email: 'handler.gan1126@courts.example.cn', active: true },
    after: { email: 'handler.gan1126@courts.example.cn', active: false },
  });
  expect(record[1]).toMatchObject({ before: null, after: { email: 'zhou.xin@courts.example.cn' } });
  expect(Date.parse(record[0].at)).toBeGreaterThanOrEqual(Date.parse(shanghai(monday, 0, '09:00')));
});

test('the seed is written once: a change survives a restart, which reads the stored directory, not the files', async () => {
  const handler = (await staffOf('赣1126')).find((m) => m.role === 'handler' && m.unit === null)!;
  expect(
    (await changeStaff({ action: 'change', id: handler.id, email: 'guo.new@courts.example.cn' })).status,
  ).toBe(200);
  await t.restart();
  const { orderId } = await newOrder(t);
  expect((await mailFor(orderId)).map((m) => m.to)).toEqual(['guo.new@courts.example.cn']);
  expect((await staffOf('赣1126')).find((m) => m.id === handler.id)?.email).toBe('guo.new@courts.example.cn');
});

test('a court renamed keeps its code, its orders, their history and its figures; its next email carries the new name', async () => {
  const { orderId } = await newOrder(t);
  const auditor = await t.token('auditor', '赣');
  const figures = async () =>
    (
      await t.call('GET', `/v1/reports/daily?date=2026-03-09&courtCode=${encodeURIComponent('赣1126')}`, {
        token: auditor,
      })
    ).body;
  const before = await figures();
  const historyBefore = (await t.call('GET', `/v1/orders/${orderId}`, { token: auditor })).body.history;

  const renamed = await changeCourt({
    action: 'rename',
    code: '赣1126',
    name: '弋阳县人民法院（新址）',
    shortName: '弋阳新法院',
  });
  expect(renamed.status).toBe(200);
  expect(renamed.body.court).toMatchObject({
    code: '赣1126',
    name: '弋阳县人民法院（新址）',
    parentCode: '赣11',
  });

  const listed = (await t.call('GET', '/v1/courts')).body.items.find(
    (c: { code: string }) => c.code === '赣1126',
  );
  expect(listed).toMatchObject({ name: '弋阳县人民法院（新址）', shortName: '弋阳新法院', mergedInto: null });
  const after = await t.call('GET', `/v1/orders/${orderId}`, { token: auditor });
  expect(after.body.courtCode).toBe('赣1126');
  expect(after.body.history).toEqual(historyBefore);
  expect(await figures()).toEqual(before);

  await t.advance(at(1, '13:10'));
  expect((await mailFor(orderId)).at(-1)?.subject).toContain('弋阳新法院');
  const record = await changes();
  expect(record[0]).toMatchObject({
    kind: 'court_renamed',
    subject: '赣1126',
    before: { name: '弋阳县人民法院' },
    after: { name: '弋阳县人民法院（新址）' },
  });
});

test('a court merged into another: its orders stay its own and findable, their emails and its new cases go to the court that took it over', async () => {
  const { orderId } = await newOrder(t);
  const merged = await changeCourt({ action: 'merge', code: '赣1126', into: '赣1125' });
  expect(merged.status).toBe(200);
  expect(merged.body.court).toMatchObject({ code: '赣1126', mergedInto: '赣1125' });

  // Its old order: still 赣1126's, listed under it, and its ladder now reaches 赣1125's people.
  const auditor = await t.token('auditor', '赣');
  const list = await t.call('GET', `/v1/orders?courtCode=${encodeURIComponent('赣1126')}`, {
    token: auditor,
  });
  expect(list.body.items.map((o: { orderId: string }) => o.orderId)).toContain(orderId);
  await t.advance(at(1, '13:10'));
  expect((await mailFor(orderId)).at(-1)?.to).toBe('handler.gan1125@courts.example.cn');

  // A new case number of the merged court goes to its successor.
  const fresh = await newOrder(t, { caseNumber: '(2026)赣1126民初456号' });
  expect(fresh.courtCode).toBe('赣1125');
  // Nobody sends an order to a merged court by hand, or places staff there.
  expect(
    (
      await changeStaff({
        action: 'add',
        court: '赣1126',
        role: 'handler',
        name: '王五',
        email: 'w5@courts.example.cn',
      })
    ).body.error.code,
  ).toBe('court_merged');
  // Its figures stay readable under its own code.
  const report = await t.call(
    'GET',
    `/v1/reports/daily?date=2026-03-09&courtCode=${encodeURIComponent('赣1126')}`,
    {
      token: auditor,
    },
  );
  expect(report.status).toBe(200);
});

test('a court added at run time takes orders and staff at once', async () => {
  const added = await changeCourt({
    action: 'add',
    code: '赣1199',
    name: '上饶市新区人民法院',
    shortName: '新区法院',
    parentCode: '赣11',
  });
  expect(added.status).toBe(200);
  expect(added.body.court).toMatchObject({ level: 'basic', parentCode: '赣11', mergedInto: null });
  await changeStaff({
    action: 'add',
    court: '赣1199',
    role: 'handler',
    name: '孙立',
    email: 'sun.li@courts.example.cn',
  });
  const { orderId, courtCode } = await newOrder(t, { caseNumber: '(2026)赣1199民初1号' });
  expect(courtCode).toBe('赣1199');
  expect((await mailFor(orderId)).map((m) => m.to)).toEqual(['sun.li@courts.example.cn']);
});

test('only the center’s administrators change the directory; its record is theirs and the center’s auditors’ to read', async () => {
  const body = {
    action: 'add',
    court: '赣1126',
    role: 'handler',
    name: '周新',
    email: 'zhou.xin@courts.example.cn',
  };
  for (const [role, court] of [
    ['agent', '赣'],
    ['supervisor', '赣'],
    ['auditor', '赣'],
    ['handler', '赣1126'],
    ['admin', '赣11'],
  ] as const) {
    const token = await t.token(role, court);
    expect([role, (await t.call('POST', '/v1/admin/staff', { token, body })).status]).toEqual([role, 403]);
    expect([
      role,
      (
        await t.call('POST', '/v1/admin/courts', {
          token,
          body: { action: 'merge', code: '赣1126', into: '赣1125' },
        })
      ).status,
    ]).toEqual([role, 403]);
  }
  for (const [role, court, status] of [
    ['auditor', '赣', 200],
    ['auditor', '赣11', 403],
    ['supervisor', '赣', 403],
    ['agent', '赣', 403],
  ] as const) {
    const token = await t.token(role, court);
    for (const path of ['/v1/admin/staff', '/v1/admin/courts', '/v1/admin/changes'])
      expect([role, court, path, (await t.call('GET', path, { token })).status]).toEqual([
        role,
        court,
        path,
        status,
      ]);
  }
  expect((await t.call('GET', '/v1/admin/staff')).status).toBe(401);
  expect(await changes()).toEqual([]);
});

test('an administrator sees no order, request, figure or citizen, and acts on none', async () => {
  const { orderId, trackingNo, requestId } = await newOrder(t);
  const token = await admin();
  expect((await t.call('GET', '/v1/orders', { token })).status).toBe(403);
  expect((await t.call('GET', `/v1/orders/${orderId}`, { token })).status).toBe(404);
  expect((await t.call('GET', `/v1/requests/${trackingNo}`, { token })).status).toBe(404);
  expect((await t.call('GET', '/v1/reports/daily?date=2026-03-09&courtCode=赣', { token })).status).toBe(403);
  expect((await t.call('GET', '/v1/requests?phone=13912345678', { token })).status).toBe(403);
  expect((await t.call('POST', `/v1/orders/${orderId}/accept`, { token })).status).toBe(404);
  expect(
    (await t.call('POST', `/v1/orders/${orderId}/urge`, { token, body: { note: '请尽快' } })).status,
  ).toBe(404);
  expect(
    (await t.call('POST', `/v1/requests/${requestId}/settle`, { token, body: { answer: '已答复' } })).status,
  ).toBe(403);
  expect([403, 404]).toContain(
    (await t.call('GET', `/v1/requests/${trackingNo}/access-log`, { token })).status,
  );
});

test('bad input is a clear 4xx and changes nothing', async () => {
  const handler = (await staffOf('赣1126')).find((m) => m.role === 'handler' && m.unit === null)!;
  const cases: Array<[unknown, number, string]> = [
    [{ action: 'fire', id: handler.id }, 422, 'invalid_body'],
    [{ action: 'add', court: '赣1126', role: 'handler', name: '周新' }, 422, 'invalid_body'],
    [
      { action: 'add', court: '赣1126', role: 'handler', name: '周新', email: 'not-an-email' },
      422,
      'invalid_body',
    ],
    [{ action: 'add', court: '赣1126', role: 'admin', name: '周新', email: 'a@b.cn' }, 422, 'invalid_body'],
    [{ action: 'change', id: handler.id, nmae: '拼错' }, 422, 'invalid_body'],
    [
      { action: 'add', court: '赣9999', role: 'handler', name: '周新', email: 'a@b.cn' },
      422,
      'unknown_court',
    ],
    [
      { action: 'add', court: '赣1126', role: 'agent', name: '周新', email: 'a@b.cn' },
      422,
      'agent_outside_center',
    ],
    [
      {
        action: 'add',
        court: '赣1126',
        role: 'supervisor',
        unit: 'leadership',
        name: '周新',
        email: 'a@b.cn',
      },
      422,
      'leadership_outside_center',
    ],
    [
      {
        action: 'add',
        court: '赣1126',
        role: 'handler',
        name: '郭娟平',
        email: 'HANDLER.gan1126@courts.example.cn',
      },
      409,
      'member_exists',
    ],
    [{ action: 'deactivate', id: 'ST0000000000000000' }, 404, 'not_found'],
    [{ action: 'change', id: handler.id, court: '赣9999' }, 422, 'unknown_court'],
  ];
  for (const [body, status, code] of cases) {
    const reply = await changeStaff(body);
    expect([body, reply.status, reply.body.error?.code]).toEqual([body, status, code]);
  }
  const courtCases: Array<[unknown, number, string]> = [
    [{ action: 'rename', code: '赣1126', name: '' }, 422, 'invalid_body'],
    [{ action: 'rename', code: '赣9999', name: '某法院', shortName: '某' }, 404, 'not_found'],
    [{ action: 'merge', code: '赣1126', into: '赣1126' }, 422, 'merge_into_itself'],
    [{ action: 'merge', code: '赣', into: '赣11' }, 422, 'merge_high_court'],
    [{ action: 'merge', code: '赣1126', into: '赣11' }, 422, 'merge_across_levels'],
    [{ action: 'merge', code: '赣11', into: '赣01' }, 422, 'merge_with_courts_below'],
    [
      { action: 'add', code: '赣1126', name: '某法院', shortName: '某', parentCode: '赣11' },
      409,
      'court_exists',
    ],
    [
      { action: 'add', code: '赣1198', name: '某法院', shortName: '某', parentCode: '赣1126' },
      422,
      'no_lower_level',
    ],
  ];
  for (const [body, status, code] of courtCases) {
    const reply = await changeCourt(body);
    expect([body, reply.status, reply.body.error?.code]).toEqual([body, status, code]);
  }
  const token = await admin();
  expect((await t.call('GET', '/v1/admin/staff?cursor=bm9wZQ&limit=5', { token })).status).toBe(400);
  expect((await t.call('GET', '/v1/admin/staff?limit=500', { token })).status).toBe(400);
  expect((await t.call('GET', '/v1/admin/changes?cursor=bm9wZQ', { token })).status).toBe(400);
  expect(
    (await t.call('GET', `/v1/admin/staff?courtCode=${encodeURIComponent('赣9999')}`, { token })).status,
  ).toBe(404);
  expect(await changes()).toEqual([]);
});

test('the directory pages: every member once, in a stable order', async () => {
  const token = await admin();
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const reply: { status: number; body: { items: Array<{ id: string }>; nextCursor: string | null } } =
      await t.call('GET', `/v1/admin/staff?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(reply.status).toBe(200);
    seen.push(...reply.body.items.map((m) => m.id));
    cursor = reply.body.nextCursor;
  } while (cursor);
  expect(seen.length).toBe(258);
  expect(new Set(seen).size).toBe(258);
  const courts = await t.call('GET', '/v1/admin/courts?limit=100', { token });
  expect(courts.body.items.length).toBe(100);
  expect(courts.body.nextCursor).not.toBeNull();
});

/** Counts the reads a process makes of the stored directory (the real reads, on the stack's table). */
class CountedReads extends DirectoryRepo {
  versions = 0;
  loads = 0;
  override version() {
    this.versions++;
    return super.version();
  }
  override load() {
    this.loads++;
    return super.load();
  }
}

test('another process checks the version with one small read and reloads the directory only when it moved', async () => {
  // Prepare: a second warm process beside the stack's, with its own copy of the directory.
  const stack = getContainer();
  const reads = new CountedReads(stack.dynamo.doc, stack.tableName);
  const courts = new CourtDirectory(stack.directorySeed.courts);
  const other = {
    ...stack,
    courts,
    staff: new StaffDirectory(stack.directorySeed.staff, courts),
    directory: reads,
  };
  // Twenty calls within the check interval (however long the machine takes: no timing here), the
  // first of them after it has passed when `due`.
  const many = async (due = false) => {
    for (let i = 0; i < 20; i++)
      await syncDirectory(other, due && i === 0 ? { fresh: true } : { everyMs: Infinity });
  };

  await many(true);
  expect([reads.versions, reads.loads]).toEqual([1, 0]); // nothing stored yet: the seed is the directory

  // Act: an administrator renames a court through the stack.
  expect(
    (await changeCourt({ action: 'rename', code: '赣1126', name: '弋阳法院（更名）', shortName: '弋阳更名' }))
      .status,
  ).toBe(200);

  // Assess: until its next check the other process keeps what it holds; its check finds the new
  // version and reloads once; later checks find nothing new and read nothing more.
  await many();
  expect(courts.get('赣1126').shortName).toBe('弋阳法院');
  await many(true);
  expect(courts.get('赣1126').shortName).toBe('弋阳更名');
  expect([reads.versions, reads.loads]).toEqual([2, 1]);
  await many(true);
  expect([reads.versions, reads.loads]).toEqual([3, 1]);
});

/**
 * Concurrent administrators (issue 22): every change is checked against the directory as it stands
 * when it is written, so changes fired together either both make sense or all but one are refused.
 * Each round fires its requests together (Promise.all) on fresh courts, so the race is real.
 */
describe('under concurrent administrators', () => {
  const standing = async () => {
    const reply = await t.call('GET', '/v1/admin/courts?limit=100', { token: await admin() });
    const rest = await t.call('GET', `/v1/admin/courts?limit=100&cursor=${reply.body.nextCursor}`, {
      token: await admin(),
    });
    return [...reply.body.items, ...rest.body.items] as Array<{ code: string; mergedInto: string | null }>;
  };

  test('two courts merged into each other at once: one merge stands, the other is refused, no cycle', async () => {
    const pairs = [
      ['赣0921', '赣0922'],
      ['赣0923', '赣0924'],
      ['赣0925', '赣0926'],
      ['赣0981', '赣0982'],
    ] as const;
    for (const [a, b] of pairs) {
      const replies = await Promise.all([
        changeCourt({ action: 'merge', code: a, into: b }),
        changeCourt({ action: 'merge', code: b, into: a }),
      ]);
      const statuses = replies.map((r) => r.status);
      expect([a, statuses.filter((s) => s === 200).length]).toEqual([a, 1]);
      for (const s of statuses) expect([409, 422, 200]).toContain(s);
    }
    const courts = await standing();
    for (const [a, b] of pairs) {
      const merged = courts.filter((c) => (c.code === a || c.code === b) && c.mergedInto !== null);
      expect([a, merged.length]).toEqual([a, 1]);
      // The order naming either court lands on the one that stands.
      const { courtCode } = await newOrder(t, { caseNumber: `(2026)${merged[0]!.code}民初7号` });
      expect(courtCode).toBe(merged[0]!.mergedInto);
    }
    expect((await changes()).filter((c: { kind: string }) => c.kind === 'court_merged').length).toBe(
      pairs.length,
    );
  });

  test('the same member added twice at once is listed once: one add, one 409 member_exists', async () => {
    for (let round = 0; round < 4; round++) {
      const body = {
        action: 'add',
        court: '赣1126',
        role: 'handler',
        name: '周新',
        email: `zhou.${round}@courts.example.cn`,
      };
      const replies = await Promise.all([changeStaff(body), changeStaff(body), changeStaff(body)]);
      const statuses = replies.map((r) => r.status).sort();
      expect([round, statuses]).toEqual([round, [200, 409, 409]]);
      for (const r of replies.filter((x) => x.status === 409))
        expect(['member_exists', 'busy']).toContain(r.body.error.code);
      expect((await staffOf('赣1126')).filter((m) => m.email === body.email).length).toBe(1);
    }
  });
});

test('a new court’s code is its parent’s and two digits more; a name another court has is refused', async () => {
  const add = (code: string, parentCode: string, name = '某新法院', shortName = '某新法院') =>
    changeCourt({ action: 'add', code, name, shortName, parentCode });
  for (const [code, parent] of [
    ['abc', '赣11'],
    ['赣11999', '赣11'],
    ['赣1199', '赣09'], // not under 赣09's code
    ['赣0999', '赣11'],
    ['赣1100', '赣11'],
    ['赣９９', '赣'],
    ['湘01', '赣'],
    ['赣119', '赣11'],
  ] as const) {
    const reply = await add(code, parent);
    expect([code, reply.status, reply.body.error?.code]).toEqual([code, 422, 'invalid_court_code']);
  }
  expect((await add('赣72', '赣', '江西省某中级人民法院', '某中院')).status).toBe(200);
  expect((await add('赣7201', '赣72')).status).toBe(200);
  // Names are how people know a court: no two courts share one.
  const taken = await add('赣1199', '赣11', '弋阳县人民法院', '新弋阳');
  expect([taken.status, taken.body.error?.code]).toEqual([409, 'court_name_taken']);
  const renamed = await changeCourt({
    action: 'rename',
    code: '赣1126',
    name: '万年县人民法院',
    shortName: '弋阳法院',
  });
  expect([renamed.status, renamed.body.error?.code]).toEqual([409, 'court_name_taken']);
  const short = await changeCourt({
    action: 'rename',
    code: '赣1126',
    name: '弋阳新法院',
    shortName: '万年法院',
  });
  expect([short.status, short.body.error?.code]).toEqual([409, 'court_name_taken']);
  // Its own name again is no clash.
  expect(
    (await changeCourt({ action: 'rename', code: '赣1126', name: '弋阳县人民法院', shortName: '弋阳一庭' }))
      .status,
  ).toBe(200);
});

test('a process that has not yet heard of a merge routes no new order to the merged court', async () => {
  // Prepare: a second warm process beside the stack's, which checked the directory before the merge.
  const stack = getContainer();
  const courts = new CourtDirectory(stack.directorySeed.courts);
  const other = {
    ...stack,
    courts,
    staff: new StaffDirectory(stack.directorySeed.staff, courts),
    directory: new DirectoryRepo(stack.dynamo.doc, stack.tableName),
  };
  await syncDirectory(other, { fresh: true });
  expect((await changeCourt({ action: 'merge', code: '赣1126', into: '赣1125' })).status).toBe(200);
  const filed = await t.call('POST', '/v1/requests', {
    body: {
      channel: 'web',
      category: 'case_progress',
      content: '想了解案件进展。',
      contact: { name: '张小明', phone: '13912345678' },
      caseNumber: '(2026)赣1126民初901号',
    },
  });
  expect(filed.status).toBe(201);

  // Act: that process creates the order, and re-dispatches another, by hand, to the merged court.
  const agent = { sub: 'agent-1', role: 'agent' as const, court: '赣' };
  const order = await createOrderForRequest(other, agent, filed.body.requestId, undefined);

  // Assess: the order goes where the merge says, however recently that process checked.
  expect(order.courtCode).toBe('赣1125');
  const returned = await newOrder(t, { caseNumber: '(2026)赣1123民初902号' });
  const handler = await t.token('handler', '赣1123');
  expect(
    (
      await t.call('POST', `/v1/orders/${returned.orderId}/return`, {
        token: handler,
        body: { reason: '非本院案件' },
      })
    ).status,
  ).toBe(200);
  const stale = new CourtDirectory(stack.directorySeed.courts);
  const later = { ...other, courts: stale, staff: new StaffDirectory(stack.directorySeed.staff, stale) };
  await expect(
    reviewReturn(later, agent, returned.orderId, { approved: true, note: '改派', courtCode: '赣1126' }),
  ).rejects.toMatchObject({ code: 'court_merged' });
});

test('a change waits for one being made and is 409 busy if it never ends; a claim left by a dead process is broken', async () => {
  const stack = getContainer();
  const rename = (shortName: string) =>
    changeCourt({ action: 'rename', code: '赣1126', name: `弋阳县人民法院（${shortName}）`, shortName });
  expect((await rename('弋阳一')).status).toBe(200); // the directory is stored from here on
  const version = (await stack.directory.version())!;

  // Another process holds a claim now, and holds it on: the change is refused, nothing changed.
  expect(await stack.directory.claim(version, 'other-process', Date.now(), 0)).toBe('claimed');
  const busy = await rename('弋阳二');
  expect([busy.status, busy.body.error?.code]).toEqual([409, 'busy']);
  await stack.directory.release('other-process');
  expect((await changes()).filter((c: { kind: string }) => c.kind === 'court_renamed').length).toBe(1);

  // A process died holding its claim a minute ago: the next change breaks it and is made.
  const now = (await stack.directory.version())!;
  expect(await stack.directory.claim(now, 'dead-process', Date.now() - 60_000, 0)).toBe('claimed');
  const made = await rename('弋阳三');
  expect(made.status).toBe(200);
  expect(made.body.court.shortName).toBe('弋阳三');
}, 120_000);

test('a stored directory whose merges run in a circle (older code wrote one) is reported, and the stack starts and serves with the rest of it', async () => {
  // Prepare: the directory stored (a rename), then two courts merged into each other as older code
  // could write them, straight into the table, and the version moved so that every process reloads.
  expect(
    (
      await changeCourt({
        action: 'rename',
        code: '赣1126',
        name: '弋阳县人民法院（新）',
        shortName: '弋阳新',
      })
    ).status,
  ).toBe(200);
  const stack = getContainer();
  for (const [code, into] of [
    ['赣0921', '赣0922'],
    ['赣0922', '赣0921'],
  ] as const) {
    const { rev, ...court } = (await stack.directory.court(code))!;
    expect(await stack.directory.putCourt({ ...court, mergedInto: into }, rev)).toBe(true);
  }
  expect(await stack.directory.claim((await stack.directory.version())!, 'older-code', Date.now(), 0)).toBe(
    'claimed',
  );
  await stack.directory.release('older-code');

  // Act: the running stack's next calls, then a start on that data folder, with its log read.
  let written = '';
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = ((chunk: unknown) => {
    written += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = capture;
  process.stderr.write = capture;
  try {
    // An order's creation reads the directory fresh (a GET may use the one checked a moment ago).
    expect((await newOrder(t, { caseNumber: '(2026)赣0922民初76号' })).courtCode).toBe('赣0921');
    await t.restart();
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }

  // Assess: it serves, with everything else stored (the rename); the circle is mended alike in
  // every process (the lower code stands, the other is merged into it) and reported, codes only.
  const courts = await t.call('GET', '/v1/courts');
  expect(courts.status).toBe(200);
  expect(courts.body.items.find((c: { code: string }) => c.code === '赣1126').shortName).toBe('弋阳新');
  const { courtCode } = await newOrder(t, { caseNumber: '(2026)赣0922民初77号' });
  expect(courtCode).toBe('赣0921');
  const reports = written.split('\n').filter((line) => line.includes('the stored directory is not usable'));
  expect(reports.length).toBe(2); // once by the running stack, once by the start
  expect(JSON.parse(reports[1]!)).toMatchObject({
    level: 'ERROR',
    problem:
      'courts 赣0921, 赣0922: their merges run in a circle; 赣0921 stands, the others are merged into it',
  });
  expect(written).not.toMatch(/@courts\.example\.cn/);

  // The API never writes a circle: 赣0922 stands merged, so nothing may be merged into it, and
  // 赣0921 may not be merged into a court merged into it.
  const back = await changeCourt({ action: 'merge', code: '赣0921', into: '赣0922' });
  expect([back.status, back.body.error?.code]).toEqual([422, 'court_merged']);
  // An administrator's next change of the court that stands writes it as it stands: mended.
  expect(
    (
      await changeCourt({
        action: 'rename',
        code: '赣0921',
        name: '江西省某县人民法院',
        shortName: '某县法院',
      })
    ).status,
  ).toBe(200);
  expect((await getContainer().directory.court('赣0921'))?.mergedInto).toBeNull();
});

test('a window of a court merged into another rates for the court that took it over, as routing does', async () => {
  expect((await changeCourt({ action: 'merge', code: '赣1126', into: '赣1125' })).status).toBe(200);
  const mint = async (token: string) =>
    t.call('POST', '/v1/evaluation-tokens', { token, body: { channel: 'window', subject: '赣1126-W01' } });
  // The merged court's own people are gone (their tokens name a court that takes nothing now).
  expect((await mint(await t.token('handler', '赣1126'))).status).toBe(403);
  for (const token of [await t.token('agent', '赣'), await t.token('handler', '赣1125')]) {
    const minted = await mint(token);
    expect(minted.status).toBe(201);
    const state = await t.call('GET', `/v1/evaluation-tokens/${encodeURIComponent(minted.body.token)}`);
    expect(state.body).toMatchObject({ state: 'unused', windowCode: '赣1126-W01', courtCode: '赣1125' });
  }
});

test('a change that changes nothing answers the directory as it stands, 200, and records nothing', async () => {
  const handler = (await staffOf('赣1126')).find((m) => m.role === 'handler' && m.unit === null)!;
  expect(
    (await changeStaff({ action: 'change', id: handler.id, email: 'guo.new@courts.example.cn' })).status,
  ).toBe(200);
  const [made] = await changes();
  const member = (await staffOf('赣1126')).find((m) => m.id === handler.id)!;
  for (const body of [
    { action: 'change', id: handler.id },
    { action: 'change', id: handler.id, email: 'guo.new@courts.example.cn', role: 'handler', unit: null },
  ]) {
    const reply = await changeStaff(body);
    expect([reply.status, reply.body.change]).toEqual([200, null]);
    expect(reply.body.member).toEqual(member);
  }
  expect((await changeStaff({ action: 'deactivate', id: handler.id })).status).toBe(200);
  const again = await changeStaff({ action: 'deactivate', id: handler.id });
  expect([again.status, again.body.change, again.body.member.active]).toEqual([200, null, false]);
  const court = await changeCourt({
    action: 'rename',
    code: '赣1126',
    name: '弋阳县人民法院',
    shortName: '弋阳法院',
  });
  expect([court.status, court.body.change, court.body.court.shortName]).toEqual([200, null, '弋阳法院']);
  // Recorded: the email's change and the deactivation, nothing else.
  const record = await changes();
  expect(record.map((c: { kind: string }) => c.kind)).toEqual(['staff_deactivated', 'staff_changed']);
  expect(record[1]).toEqual(made);
});

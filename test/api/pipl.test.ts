import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dayPeriod, monthPeriod } from '../../domain/figures';
import { shanghaiMonth } from '../../domain/working-days';
import { getContainer } from '../../functions/commons/container';
import { runRetention } from '../../functions/scheduled/erase-personal-data';
import { WeChatStandIn } from '../../local/wechat-stand-in';
import { rollup } from '../../services/rollup';
import { PLAIN_MONDAY, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 12, personal information as PIPL requires, against the running local stack: lookup by a
 * keyed hash of the phone, the access log of unmasked views, and erasure after the retention time
 * (30 days here, by configuration; 3 years by default) with the figures unchanged.
 */
const RETENTION_DAYS = 30;
/** A test that moves the clock a month runs a month of nightly jobs (rollups, retention): ~40 s alone, more under load. */
const MONTH_OF_NIGHTS_MS = 240_000;
let t: TestStack;
let agent: string;
let handler: string;
let auditor: string;
const monday = PLAIN_MONDAY;
beforeAll(async () => {
  process.env.PERSONAL_DATA_RETENTION_DAYS = String(RETENTION_DAYS);
  t = await startTestStack({ startAt: monday });
  agent = await t.token('agent', '赣');
  handler = await t.token('handler', '赣1126');
  auditor = await t.token('auditor', '赣');
});
afterAll(() => t.stop());

const phone = '13955556666';
const name = '司马隐私';
const words = '这是一段会在保存期满后删除的诉求原文';

async function file(body: Record<string, unknown> = {}, token?: string) {
  const filed = await t.call('POST', '/v1/requests', {
    token,
    body: {
      channel: token ? 'hotline' : 'web',
      category: 'case_progress',
      content: words,
      contact: { name, phone },
      caseNumber: '(2026)赣1126民初123号',
      ...body,
    },
  });
  expect(filed.status).toBe(201);
  return filed.body as { requestId: string; trackingNo: string; accessCode: string };
}

async function tableItems(): Promise<Record<string, unknown>[]> {
  const { dynamo, tableName } = getContainer();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await dynamo.doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}
const indexAttributes = (item: Record<string, unknown>) =>
  Object.entries(item)
    .filter(([k]) => /^gsi\d(pk|sk)$/.test(k))
    .map(([, v]) => String(v));

let closed: { requestId: string; trackingNo: string; orderId: string };
let settled: { requestId: string; trackingNo: string };
let open: { requestId: string; trackingNo: string };

test("agents find a caller's earlier requests by phone, masked, through a keyed hash: no index holds the phone", async () => {
  const a = await file();
  const order = await t.call('POST', `/v1/requests/${a.requestId}/orders`, { token: agent, body: {} });
  closed = { ...a, orderId: order.body.orderId };
  settled = await file({ category: 'litigation_guidance' }, agent);
  await t.call('POST', `/v1/requests/${settled.requestId}/settle`, {
    token: agent,
    body: { answer: '可到立案庭咨询。' },
  });
  open = await file({ contact: { name, phone: '139 5555 6666' } }); // the same phone, written otherwise
  await file({ contact: { name: '别人', phone: '13700000001' } });

  const found = await t.call('GET', `/v1/requests?phone=${phone}`, { token: agent });
  expect(found.status).toBe(200);
  expect(found.body.items.map((r: { trackingNo: string }) => r.trackingNo).sort()).toEqual(
    [closed.trackingNo, settled.trackingNo, open.trackingNo].sort(),
  );
  expect(JSON.stringify(found.body)).not.toContain(phone);
  expect(JSON.stringify(found.body)).not.toContain(words);
  expect(found.body.items[0].contact).toEqual({ name: '司***', phone: '139****6666' });
  const page = await t.call('GET', `/v1/requests?phone=${phone}&limit=2`, { token: agent });
  expect(page.body.items).toHaveLength(2);
  expect(page.body.nextCursor).toEqual(expect.any(String));
  // Its cursor is opaque: the keyed hash of the phone it pages by is not in it, in any form.
  const hash = await getContainer().personalData.phoneHash(phone);
  const sealed = Buffer.from(page.body.nextCursor, 'base64url');
  for (const form of [page.body.nextCursor, sealed.toString('latin1'), sealed.toString('hex')])
    expect(form).not.toMatch(new RegExp(`PHONE|${hash.slice(0, 16)}`));
  const rest = await t.call('GET', `/v1/requests?phone=${phone}&limit=2&cursor=${page.body.nextCursor}`, {
    token: agent,
  });
  expect(rest.body.items).toHaveLength(1);
  expect((await t.call('GET', `/v1/requests?phone=${phone}`, { token: handler })).status).toBe(403);

  for (const item of await tableItems())
    for (const value of indexAttributes(item)) expect(value.replace(/\D/g, '')).not.toContain('55556666');
});

test('one unmasked and one masked read make one access-log entry, which an auditor reads', async () => {
  await t.call('POST', `/v1/orders/${closed.orderId}/accept`, { token: handler });
  // Unmasked: the handling court's handler opens the order (the request in full).
  const seen = await t.call('GET', `/v1/orders/${closed.orderId}`, { token: handler });
  expect(seen.body.request.contact.phone).toBe(phone);
  // Masked: the auditor opens it (no entry).
  const masked = await t.call('GET', `/v1/orders/${closed.orderId}`, { token: auditor });
  expect(masked.body.request.contact.phone).toBe('139****6666');

  const log = await t.call('GET', `/v1/requests/${closed.trackingNo}/access-log`, { token: auditor });
  expect(log.status).toBe(200);
  expect(log.body.items).toEqual([
    {
      at: expect.any(String),
      sub: 'handler-赣1126',
      role: 'handler',
      court: '赣1126',
      requestId: closed.requestId,
      trackingNo: closed.trackingNo,
      route: 'GET /v1/orders/{orderId}',
    },
  ]);
  expect(log.body.nextCursor).toBeNull();
  // Only auditors read it; a court's handler is refused, another court's auditor sees no such request.
  expect(
    (await t.call('GET', `/v1/requests/${closed.trackingNo}/access-log`, { token: handler })).status,
  ).toBe(403);
  const other = await t.token('auditor', '赣07');
  expect((await t.call('GET', `/v1/requests/${closed.trackingNo}/access-log`, { token: other })).status).toBe(
    404,
  );
});

test(
  'past the retention time the personal data is gone from the item, the index and the API; the figures stay; a second run changes nothing',
  async () => {
    await t.call('POST', `/v1/orders/${closed.orderId}/reply`, {
      token: handler,
      body: { answer: '已排期开庭。' },
    });
    await t.call('POST', `/v1/orders/${closed.orderId}/callback`, {
      token: agent,
      body: { reached: true, rating: 'satisfied', comment: '感谢' },
    });
    // The night's rollup counts the day and the month.
    await t.advance({ to: shanghai(monday, 1, '00:31') });
    const day = shanghai(monday, 0, '12:00').slice(0, 10);
    const month = day.slice(0, 7);
    // Every figure, less when it was computed.
    const figures = async (path: string) => {
      // When it was rolled up, and so how far its days go, is not a figure: the figures must agree.
      const {
        asOf: _asOf,
        rolledUpThrough: _through,
        ...rest
      } = (await t.call('GET', path, { token: auditor })).body;
      return rest;
    };
    const report = () => figures(`/v1/reports/monthly?month=${month}`);
    const daily = () => figures(`/v1/reports/daily?date=${day}`);
    const before = { month: await report(), day: await daily() };
    expect(before.month.requests.total).toBe(4);

    // Not yet due: nothing erased.
    await t.advance({ advance: `P${RETENTION_DAYS - 2}D` });
    expect((await t.call('GET', `/v1/requests?phone=${phone}`, { token: agent })).body.items).toHaveLength(3);

    // Past the retention time: the 03:00 job has run.
    await t.advance({ advance: 'P3D' });
    const request = await t.call('GET', `/v1/requests/${closed.trackingNo}`, { token: agent });
    expect(request.body).toMatchObject({ contact: { name: '', phone: '' }, content: '', status: 'ordered' });
    expect(request.body.order).toMatchObject({ status: 'closed', closeReason: 'satisfied', answer: '' });
    expect(request.body.order.history.length).toBeGreaterThan(3);
    const settledNow = await t.call('GET', `/v1/requests/${settled.trackingNo}`, { token: agent });
    expect(settledNow.body).toMatchObject({ contact: { name: '', phone: '' }, content: '', answer: '' });
    // The request nobody settled or ordered has an end too: as long after it came in.
    expect((await t.call('GET', `/v1/requests?phone=${phone}`, { token: agent })).body.items).toEqual([]);
    const openNow = await t.call('GET', `/v1/requests/${open.trackingNo}`, { token: agent });
    expect(openNow.body).toMatchObject({ contact: { name: '', phone: '' }, content: '', status: 'received' });

    const items = await tableItems();
    const erased = items.filter((i) =>
      [closed.requestId, settled.requestId, open.requestId].includes(String(i.requestId)),
    );
    expect(erased.length).toBeGreaterThanOrEqual(4); // three requests and the order
    const text = JSON.stringify(erased);
    for (const secret of [name, phone, words, '已排期开庭', '感谢', '可到立案庭咨询'])
      expect(text).not.toContain(secret);
    for (const i of erased.filter((x) => String(x.pk).startsWith('REQ#'))) {
      expect(i.phoneHash).toBeUndefined();
      expect(i.gsi2pk).toBeUndefined();
      expect(i.erasedAt).toEqual(expect.any(String));
    }

    // The month's and the day's figures, recomputed from the erased records, are what they were.
    await rollup(getContainer(), [dayPeriod(day), monthPeriod(month)]);
    expect(await report()).toEqual(before.month);
    expect(await daily()).toEqual(before.day);

    // A second run erases nothing and writes nothing.
    const snapshot = JSON.stringify(await tableItems());
    const again = await runRetention();
    expect(again).toMatchObject({ requestsErased: 0, ordersErased: 0, more: false });
    // Its mark says where the next run starts: the cutoff's month, not the first month there is.
    // The retention job's own mark (the monthly 通报 keeps marks of its own: issue 20).
    const mark = (await tableItems()).find((i) => String(i.pk).startsWith('JOB#personal-data'))?.mark;
    const cutoffMonth = shanghaiMonth(new Date(again.cutoff));
    expect(mark).toMatchObject({ settledFrom: cutoffMonth, closedFrom: cutoffMonth });
    const after = JSON.stringify((await tableItems()).filter((i) => !String(i.pk).startsWith('JOB#')));
    expect(after).toBe(
      JSON.stringify(JSON.parse(snapshot).filter((i: { pk: string }) => !i.pk.startsWith('JOB#'))),
    );
  },
  MONTH_OF_NIGHTS_MS,
);

test(
  'after a purge no item of the table holds anything personal: requests never handled, rating comments, WeChat openids',
  async () => {
    // Issue 24: each of these kept personal data for ever.
    const who = '欧阳未办';
    const theirPhone = '13944443333';
    const theirWords = '从来没有人处理过的诉求原文';
    const commentPhone = '13922221111';
    const windowPhone = '13900007777';
    const session = await t.call('POST', '/v1/wechat/session', { body: { code: 'local-pipl-citizen' } });
    expect(session.status).toBe(201);
    const filed = await t.call('POST', '/v1/requests', {
      token: session.body.token,
      body: {
        channel: 'wechat',
        category: 'other',
        content: theirWords,
        contact: { name: who, phone: theirPhone },
      },
    });
    expect(filed.status).toBe(201);
    // The citizen rates the online session, writing a phone number in the comment.
    const minted = await t.call('POST', '/v1/evaluation-tokens', {
      body: { channel: 'wechat', subject: filed.body.requestId, accessCode: filed.body.accessCode },
    });
    expect(minted.status).toBe(201);
    const rated = await t.call('POST', '/v1/evaluations', {
      body: { token: minted.body.token, rating: 'unsatisfied', comment: `没人理我，打我电话${commentPhone}` },
    });
    expect(rated.status).toBe(201);
    // A window's rating: no request to go with, its comment has an end of its own.
    const window = await t.call('POST', '/v1/evaluation-tokens', {
      token: agent,
      body: { channel: 'window', subject: '赣1126-W01' },
    });
    const windowRated = await t.call('POST', '/v1/evaluations', {
      body: { token: window.body.token, rating: 'satisfied', comment: `窗口很好，回访请拨${windowPhone}` },
    });
    expect(windowRated.status).toBe(201);
    const openid = WeChatStandIn.openidOf('pipl-citizen');
    const secrets = [who, theirPhone, theirWords, commentPhone, windowPhone, openid];
    const holding = async () =>
      (await tableItems())
        // The local outbox stands in for the SMS and mail providers (on AWS, not in the table).
        .filter((i) => !String(i.pk).startsWith('OUTBOX'))
        .filter((i) => secrets.some((x) => JSON.stringify(i).includes(x)));
    expect((await holding()).length).toBeGreaterThanOrEqual(4); // the request, two tokens, the citizen

    // Not yet due: nothing of it erased.
    await t.advance({ advance: `P${RETENTION_DAYS - 2}D` });
    expect((await holding()).length).toBeGreaterThanOrEqual(4);

    // Past the retention time, every item of the table, read directly, not through the API.
    await t.advance({ advance: 'P3D' });
    expect(await holding()).toEqual([]);
    const subject = (await tableItems()).filter((i) => String(i.pk).startsWith('CIT#'));
    expect(subject).toEqual([]);
    // The ratings stay (the figures count them), without their words.
    const tokens = (await tableItems()).filter((i) => String(i.pk).startsWith('EVT#') && i.usedAt);
    expect(tokens.map((i) => [i.rating, i.comment])).toEqual(
      expect.arrayContaining([
        ['unsatisfied', ''],
        ['satisfied', ''],
      ]),
    );
    // The citizen may come back: signing in again starts a new record.
    expect(
      (await t.call('POST', '/v1/wechat/session', { body: { code: 'local-pipl-citizen' } })).status,
    ).toBe(201);
  },
  MONTH_OF_NIGHTS_MS,
);

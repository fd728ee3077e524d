import { getContainer } from '../../functions/commons/container';
import { PLAIN_MONDAY, type Reply, startTestStack, type TestStack } from '../support/local';

/** Issue 20: the knowledge base, written by the center, searched in Chinese, cited when settling. */
let t: TestStack;
let editor: string;
let agent: string;
beforeAll(async () => {
  t = await startTestStack({ startAt: PLAIN_MONDAY, memory: true });
  editor = await t.token('supervisor', '赣', 'center-editor');
  agent = await t.token('agent', '赣');
});
afterAll(() => t.stop());

const post = (path: string, token: string, body: unknown = {}) => t.call('POST', path, { token, body });
const search = async (query: string, token = agent) => {
  const reply = await t.call('GET', `/v1/knowledge?${query}`, { token });
  expect(reply.status).toBe(200);
  return reply.body.items as { knowledgeId: string; title: string }[];
};
const entry = (over: Record<string, unknown> = {}) => ({
  title: '诉讼费用如何缴纳',
  question: '当事人立案后怎样缴纳诉讼费用？可以网上缴费吗？',
  answer: '立案后可通过赣法通小程序或法院诉讼服务中心窗口缴纳诉讼费，也可银行转账。',
  category: 'litigation_guidance',
  tags: ['诉讼费', '缴费'],
  ...over,
});

describe('who writes the knowledge base', () => {
  test("the center's supervisors write; agents, courts' staff and auditors only read", async () => {
    for (const [role, court] of [
      ['agent', '赣'],
      ['auditor', '赣'],
      ['supervisor', '赣11'],
      ['handler', '赣1126'],
    ] as const) {
      const refused = await post('/v1/knowledge', await t.token(role, court), entry());
      expect([role, court, refused.status, refused.body.error.code]).toEqual([role, court, 403, 'forbidden']);
    }
    const created = await post('/v1/knowledge', editor, entry());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      revision: 1,
      status: 'published',
      courtCode: null,
      createdBy: 'center-editor',
    });
    const revise = await post(`/v1/knowledge/${created.body.knowledgeId}`, agent, { answer: '改' });
    expect(revise.status).toBe(403);
    // A court's handler reads what the center tells citizens.
    expect(
      (await t.call('GET', '/v1/knowledge?q=诉讼费', { token: await t.token('handler', '赣1126') })).status,
    ).toBe(200);
  });

  test('a new entry names what it is about, and an unknown court is refused', async () => {
    const incomplete = await post('/v1/knowledge', editor, { title: '只有标题' });
    expect(incomplete.status).toBe(422);
    const unknown = await post('/v1/knowledge', editor, entry({ courtCode: '赣9999' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_court');
  });
});

describe('personal data', () => {
  test("an entry naming a person's phone, identity card or case is refused, field by field; a court's landline is not", async () => {
    const refused = async (reply: Reply, expected: [string, string][]) => {
      expect([reply.status, reply.body.error?.code]).toEqual([422, 'personal_data']);
      expect(reply.body.error.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual(
        expected,
      );
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    };
    await refused(
      await post('/v1/knowledge', editor, entry({ answer: '可联系承办法官，电话138.0013.8000。' })),
      [['answer', 'phone']],
    );
    await refused(
      await post(
        '/v1/knowledge',
        editor,
        entry({ title: '赣0102民初123号案件的缴费', question: '当事人一三八〇〇一三八〇〇〇来电询问' }),
      ),
      [
        ['title', 'case_number'],
        ['question', 'phone'],
      ],
    );
    await refused(await post('/v1/knowledge', editor, entry({ tags: ['36010219900101123X'] })), [
      ['tags', 'id_number'],
    ]);
    const created = await post(
      '/v1/knowledge',
      editor,
      entry({ title: '诉讼服务中心电话', answer: '可拨打12368，或诉讼服务中心电话0793-5812368。' }),
    );
    expect(created.status).toBe(201);
    // A revision is judged too, and refused it changes nothing.
    const id = created.body.knowledgeId;
    await refused(await post(`/v1/knowledge/${id}`, editor, { answer: '或联系１３８００１３８０００' }), [
      ['answer', 'phone'],
    ]);
    expect((await t.call('GET', `/v1/knowledge/${id}`, { token: agent })).body.revision).toBe(1);
  });
});

describe('revisions', () => {
  test('every revision is kept and readable; saving over a colleague is refused', async () => {
    const created = await post('/v1/knowledge', editor, entry({ title: '执行款到账时间' }));
    const id = created.body.knowledgeId;
    const revised = await post(`/v1/knowledge/${id}`, editor, {
      answer: '执行款到账后七个工作日内发放。',
      revision: 1,
      note: '按新规定修改',
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({
      revision: 2,
      title: '执行款到账时间',
      answer: '执行款到账后七个工作日内发放。',
    });
    const stale = await post(`/v1/knowledge/${id}`, editor, { answer: '旧稿', revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');

    const read = await t.call('GET', `/v1/knowledge/${id}`, { token: agent });
    expect(read.status).toBe(200);
    expect(
      read.body.revisions.map((r: { revision: number; answer: string; note: string }) => [
        r.revision,
        r.note,
      ]),
    ).toEqual([
      [1, ''],
      [2, '按新规定修改'],
    ]);
    expect(read.body.revisions[0].answer).toBe(entry().answer);
    expect((await t.call('GET', '/v1/knowledge/KB0000000000', { token: agent })).status).toBe(404);
  });
});

describe('a revision that changes nothing', () => {
  test('an empty revision, or one sending what the entry says, keeps no version: the entry as it stands, 200', async () => {
    const created = await post('/v1/knowledge', editor, entry({ title: '调解协议如何履行' }));
    const id = created.body.knowledgeId;
    const same = { ...entry({ title: '调解协议如何履行' }), tags: [' 诉讼费', '缴费', '缴费'] };
    for (const body of [{}, { revision: 1 }, { note: '只是看看' }, same]) {
      const reply = await post(`/v1/knowledge/${id}`, editor, body);
      expect([JSON.stringify(body), reply.status, reply.body.revision]).toEqual([
        JSON.stringify(body),
        200,
        1,
      ]);
      expect(reply.body).toEqual(created.body);
    }
    const read = await t.call('GET', `/v1/knowledge/${id}`, { token: agent });
    expect(read.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1]);
    // A real change after them is revision 2, over revision 1.
    const revised = await post(`/v1/knowledge/${id}`, editor, {
      answer: '按协议约定期限履行。',
      revision: 1,
    });
    expect([revised.status, revised.body.revision]).toEqual([200, 2]);
  });
});

describe('search in Chinese, as an agent types', () => {
  let fees: string;
  let enforcement: string;
  let region: string;
  beforeAll(async () => {
    fees = (
      await post(
        '/v1/knowledge',
        editor,
        entry({
          title: '申请诉讼费减免缓交',
          question: '经济困难可以申请减免或缓交诉讼费吗？',
          tags: ['司法救助'],
        }),
      )
    ).body.knowledgeId;
    enforcement = (
      await post(
        '/v1/knowledge',
        editor,
        entry({
          title: '执行案件进展查询',
          question: '申请执行后多久能拿到执行款？怎么查询执行进度？',
          answer: '可登录执行信息公开网，或拨打12368转执行局查询。',
          category: 'enforcement',
          tags: ['执行'],
        }),
      )
    ).body.knowledgeId;
    region = (
      await post(
        '/v1/knowledge',
        editor,
        entry({
          title: '上饶中院立案窗口时间',
          question: '上饶地区法院立案窗口几点上班？',
          answer: '工作日上午八点半至十二点，下午两点半至五点半。',
          category: 'litigation_guidance',
          courtCode: '赣11',
          tags: ['立案'],
        }),
      )
    ).body.knowledgeId;
  });

  test('the best match comes first, on words inside a sentence', async () => {
    const hits = await search(`q=${encodeURIComponent('减免诉讼费')}`);
    expect(hits[0]?.knowledgeId).toBe(fees);
    expect((await search(`q=${encodeURIComponent('执行款多久到')}`))[0]?.knowledgeId).toBe(enforcement);
  });

  test('what the agent has typed so far already finds: one character, then two', async () => {
    expect((await search(`q=${encodeURIComponent('执')}`)).map((h) => h.knowledgeId)).toContain(enforcement);
    expect((await search(`q=${encodeURIComponent('执行')}`))[0]?.knowledgeId).toBe(enforcement);
  });

  test('nothing is found for words no entry has', async () => {
    expect(await search(`q=${encodeURIComponent('天气预报')}`)).toEqual([]);
  });

  test('filtered by category, and by the court the request is about', async () => {
    const byCategory = await search(`category=enforcement`);
    expect(byCategory.map((h) => h.knowledgeId)).toEqual([enforcement]);
    // 弋阳 (赣1126) is under 上饶中院 (赣11): its entries hold there, not in 南昌 (赣01).
    expect(
      (await search(`q=${encodeURIComponent('立案窗口')}&courtCode=${encodeURIComponent('赣1126')}`)).map(
        (h) => h.knowledgeId,
      ),
    ).toContain(region);
    expect(
      (await search(`q=${encodeURIComponent('立案窗口')}&courtCode=${encodeURIComponent('赣0102')}`)).map(
        (h) => h.knowledgeId,
      ),
    ).not.toContain(region);
    expect(
      (await search(`q=${encodeURIComponent('减免')}&courtCode=${encodeURIComponent('赣0102')}`)).map(
        (h) => h.knowledgeId,
      ),
    ).toContain(fees);
  });

  test('a withdrawn entry leaves the search, and comes back when published again', async () => {
    const withdrawn = await post(`/v1/knowledge/${fees}`, editor, { status: 'withdrawn' });
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await search(`q=${encodeURIComponent('减免诉讼费')}`)).map((h) => h.knowledgeId)).not.toContain(
      fees,
    );
    // The center lists what it withdrew; nobody else may.
    expect((await search('status=withdrawn', editor)).map((h) => h.knowledgeId)).toContain(fees);
    expect((await t.call('GET', '/v1/knowledge?status=withdrawn', { token: agent })).status).toBe(403);
    // Nor may anyone else read it by its id: as absent as an unknown entry (404), to all but its writers.
    const read = async (token: string) => (await t.call('GET', `/v1/knowledge/${fees}`, { token })).status;
    for (const [role, court] of [
      ['agent', '赣'],
      ['auditor', '赣'],
      ['supervisor', '赣11'],
      ['handler', '赣1126'],
    ] as const)
      expect([role, court, await read(await t.token(role, court))]).toEqual([role, court, 404]);
    expect(await read(editor)).toBe(200);
    await post(`/v1/knowledge/${fees}`, editor, { status: 'published' });
    expect((await search(`q=${encodeURIComponent('减免诉讼费')}`))[0]?.knowledgeId).toBe(fees);
    expect(await read(agent)).toBe(200);
  });

  test('a revised entry is found by its new words, not its old ones', async () => {
    await post(`/v1/knowledge/${enforcement}`, editor, {
      title: '执行案件进展查询（终本案件）',
      tags: ['终结本次执行'],
    });
    expect((await search(`q=${encodeURIComponent('终本')}`)).map((h) => h.knowledgeId)).toEqual([
      enforcement,
    ]);
  });

  test('pages: limit and an opaque cursor', async () => {
    const first = await t.call('GET', '/v1/knowledge?limit=1', { token: agent });
    expect(first.body.items).toHaveLength(1);
    const next = await t.call('GET', `/v1/knowledge?limit=1&cursor=${first.body.nextCursor}`, {
      token: agent,
    });
    expect(next.body.items[0].knowledgeId).not.toBe(first.body.items[0].knowledgeId);
    expect((await t.call('GET', '/v1/knowledge?cursor=abc', { token: agent })).status).toBe(400);
  });
});

describe('settling from the knowledge base', () => {
  const newRequest = async () =>
    (
      await t.call('POST', '/v1/requests', {
        token: agent,
        body: {
          channel: 'hotline',
          category: 'litigation_guidance',
          content: '想问一下诉讼费怎么交。',
          contact: { name: '李四', phone: '13800001111' },
        },
      })
    ).body.requestId as string;

  test('the answer names the entries it used; each must exist and be published (422)', async () => {
    const used = (await post('/v1/knowledge', editor, entry({ title: '网上缴纳诉讼费' }))).body.knowledgeId;
    const gone = (await post('/v1/knowledge', editor, entry({ title: '已撤回的条目', status: 'withdrawn' })))
      .body.knowledgeId;

    const unknown = await post(`/v1/requests/${await newRequest()}/settle`, agent, {
      answer: '已告知缴费方式。',
      knowledgeIds: ['KB0000000000'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_knowledge');
    const withdrawn = await post(`/v1/requests/${await newRequest()}/settle`, agent, {
      answer: '已告知缴费方式。',
      knowledgeIds: [used, gone],
    });
    expect(withdrawn.status).toBe(422);
    expect(withdrawn.body.error.details).toEqual([{ knowledgeId: gone }]);
    expect(
      (
        await post(`/v1/requests/${await newRequest()}/settle`, agent, {
          answer: 'x',
          knowledgeIds: ['nope'],
        })
      ).status,
    ).toBe(422);

    const requestId = await newRequest();
    const settled = await post(`/v1/requests/${requestId}/settle`, agent, {
      answer: '已告知缴费方式。',
      knowledgeIds: [used, used],
    });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'settled', knowledgeIds: [used] });
    // Stored on the request, where the figures count settlements that used the knowledge base.
    expect((await getContainer().requests.get(requestId))?.knowledgeIds).toEqual([used]);
    // Without entries, as before.
    const plain = await post(`/v1/requests/${await newRequest()}/settle`, agent, { answer: '已答复。' });
    expect(plain.body.knowledgeIds).toEqual([]);
  });
});

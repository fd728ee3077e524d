import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type * as z from 'zod';
import type {
  CitizenOrder,
  Order as OrderBody,
  OrderSummary,
  RequestView,
} from '../../functions/api/responses';
import type { citizenOrderView, orderView, requestView } from '../../functions/api/views';
import { PLAIN_MONDAY, type Reply, shanghai, startTestStack, type TestStack } from '../support/local';

/**
 * The document's response schemas hold the handlers' real answers: every operation is called on
 * the real local stack and each success body is validated with Ajv (JSON Schema 2020-12, OpenAPI
 * 3.1's dialect) against the schema the document gives for that status. The generated web client
 * is typed from the same document, so a handler that drifts from it fails here.
 */

// Compile time: what views.ts returns must be assignable to what the document promises.
type Fits<A, B> = [A] extends [B] ? true : false;
const viewsFit: [
  Fits<ReturnType<typeof orderView>, z.output<typeof OrderSummary>>,
  Fits<
    ReturnType<typeof orderView> & { history: NonNullable<ReturnType<typeof orderView>['history']> },
    z.output<typeof OrderBody>
  >,
  Fits<ReturnType<typeof requestView>, z.output<typeof RequestView>>,
  // History lines' courtCode is typed by views.ts as any detail value; Ajv below checks it is a string.
  Fits<Omit<ReturnType<typeof citizenOrderView>, 'history'>, Omit<z.output<typeof CitizenOrder>, 'history'>>,
] = [true, true, true, true];

interface Operation {
  method: string;
  path: string;
  operationId: string;
  pattern: RegExp;
  validators: Map<number, ValidateFunction>;
}

let t: TestStack;
let operations: Operation[];
const seen = new Map<string, Set<number>>();
let monday: Date;

beforeAll(async () => {
  monday = PLAIN_MONDAY;
  t = await startTestStack({ startAt: monday });
  const doc = (await t.call('GET', '/v1/openapi.json')).body;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword('example'); // OpenAPI 3.1's own keyword, kept by zod's .meta({ example })
  ajv.addKeyword('components'); // the document's own container: its schemas are reached by $ref
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  operations = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const { operationId, responses } = op as {
        operationId: string;
        responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
      };
      const validators = new Map<number, ValidateFunction>();
      for (const [status, response] of Object.entries(responses)) {
        const ref = response.content['application/json'].schema.$ref;
        if (status.startsWith('2')) validators.set(Number(status), ajv.compile({ $ref: `doc${ref}` }));
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId,
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}(\\?.*)?$`),
        validators,
      });
    }
  }
});
afterAll(() => t.stop());

/** Calls the stack and checks the answer against the document: a 2xx it documents, with a body that fits. */
async function call(
  method: string,
  path: string,
  options: Parameters<TestStack['call']>[2] = {},
): Promise<Reply> {
  const reply = await t.call(method, path, options);
  const op = operations.find((o) => o.method === method && o.pattern.test(path));
  if (!op) throw new Error(`the document has no ${method} ${path}`);
  const validate = op.validators.get(reply.status);
  if (!validate)
    throw new Error(
      `${op.operationId} answered ${reply.status}, which the document has no 2xx for: ${JSON.stringify(reply.body)}`,
    );
  if (!validate(reply.body))
    throw new Error(`${op.operationId} ${reply.status}: ${JSON.stringify(validate.errors, null, 1)}`);
  const statuses = seen.get(op.operationId) ?? new Set<number>();
  statuses.add(reply.status);
  seen.set(op.operationId, statuses);
  return reply;
}

test('every operation documents a typed 2xx body, and the document is plain JSON Schema 2020-12', async () => {
  const doc = (await t.call('GET', '/v1/openapi.json')).body;
  for (const [path, methods] of Object.entries(
    doc.paths as Record<
      string,
      Record<
        string,
        { responses: Record<string, { content: { 'application/json': { schema: { $ref?: string } } } }> }
      >
    >,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const ok = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect({ op: `${method} ${path}`, count: ok.length }).toEqual({ op: `${method} ${path}`, count: 1 });
      const ref = ok[0]![1].content['application/json'].schema.$ref ?? '';
      const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      expect({ op: `${method} ${path}`, type: schema?.type }).toEqual({
        op: `${method} ${path}`,
        type: 'object',
      });
    }
  }
  // Standalone schemas' $id/$schema make Ajv 2020 refuse components; none is left.
  expect(JSON.stringify(doc.components)).not.toMatch(/"\$(id|schema)"/);
  expect(doc.paths['/v1/evaluations'].post.responses['201']).toBeDefined();
  expect(doc.paths['/v1/evaluation-tokens'].post.responses['201']).toBeDefined();
});

test('views.ts returns what the document promises (compile time)', () => {
  expect(viewsFit).toEqual([true, true, true, true]);
});

test("every operation's real answer fits the document's response schema", async () => {
  const agent = await t.token('agent', '赣');
  const handler = await t.token('handler', '赣1126');
  const supervisor = await t.token('supervisor', '赣11');
  const auditor = await t.token('auditor', '赣');
  const post = (path: string, token: string | undefined, body: unknown = {}) =>
    call('POST', path, { token, body });

  await call('GET', '/v1/openapi.json');
  await call('GET', '/v1/courts');

  // Settled at first contact.
  const settled = await post('/v1/requests', agent, {
    channel: 'hotline',
    category: 'litigation_guidance',
    content: '如何申请诉讼费缓交？',
    contact: { name: '王五', phone: '13700137000' },
  });
  expect(settled.status).toBe(201);
  await post(`/v1/requests/${settled.body.requestId}/settle`, agent, { answer: '可向立案庭提交书面申请。' });
  const minted = await post('/v1/evaluation-tokens', agent, {
    channel: 'hotline',
    subject: settled.body.requestId,
  });
  await call('GET', `/v1/evaluation-tokens/${encodeURIComponent(minted.body.token)}`);

  // An order through return, re-dispatch, extension, three rounds of unsatisfied, and review.
  const filed = await post('/v1/requests', undefined, {
    channel: 'web',
    category: 'case_progress',
    content: '我的案件一直没有开庭通知，想了解进展。',
    contact: { name: '张小明', phone: '13912345678' },
    caseNumber: '(2026)赣1126民初123号',
  });
  const created = await post(`/v1/requests/${filed.body.requestId}/orders`, agent, {});
  expect(created.status).toBe(201);
  await t.stack.workflows.settle();
  const order = { ...filed.body, ...created.body } as {
    orderId: string;
    trackingNo: string;
    accessCode: string;
  };
  const base = `/v1/orders/${order.orderId}`;
  await post(`${base}/return`, handler, { reason: '不属我院管辖' });
  await post(`${base}/dispatch`, agent, { courtCode: '赣1126' });
  await post(`${base}/accept`, handler);
  await post(`${base}/extension`, handler, { reason: '需调阅卷宗', workingDays: 2 });
  await post(`${base}/extension/decision`, supervisor, { approved: true, note: '同意' });
  await call('GET', `/v1/orders?late=false&limit=5`, { token: handler });
  await call('GET', base, { token: auditor });
  await call('GET', `/v1/requests/${order.trackingNo}`, { headers: { 'x-access-code': order.accessCode } });
  await call('GET', `/v1/requests/${order.trackingNo}`, { token: agent });
  for (let round = 1; round <= 3; round++) {
    if (round > 1) await post(`${base}/accept`, handler);
    await post(`${base}/reply`, handler, { answer: `第${round}次答复` });
    if (round < 3) await post(`${base}/callback`, agent, { reached: true, rating: 'unsatisfied' });
  }
  // The last round: three failed calls, then the citizen rates by the SMS link.
  for (let i = 0; i < 3; i++) await post(`${base}/callback`, agent, { reached: false });
  const sms = (await t.outbox()).find((m) => m.kind === 'sms' && m.tags.orderId === order.orderId);
  const token = decodeURIComponent(/token=([^\s&]+)/.exec(sms?.text ?? '')?.[1] ?? '');
  const rated = await post('/v1/evaluations', undefined, { token, rating: 'unsatisfied' });
  expect(rated.status).toBe(201);
  await post(`${base}/review`, supervisor, { note: '已核查答复，依法处理完毕。' });

  // The center's reviews: a return decided, a reply sent back, an order urged.
  const second = await post('/v1/requests', undefined, {
    channel: 'web',
    category: 'case_progress',
    content: '请问二审何时开庭？',
    contact: { name: '李四', phone: '13800138000' },
    caseNumber: '(2026)赣1126民初456号',
  });
  const secondOrder = await post(`/v1/requests/${second.body.requestId}/orders`, agent, {});
  await t.stack.workflows.settle();
  const other = `/v1/orders/${secondOrder.body.orderId}`;
  await post(`${other}/urge`, agent, { note: '请尽快签收' });
  await post(`${other}/return`, handler, { reason: '不属我院管辖' });
  await post(`${other}/return/decision`, agent, { approved: false, note: '属贵院管辖' });
  await post(`${other}/accept`, handler);
  await post(`${other}/reply`, handler, { answer: '已答复' });
  await post(`${other}/reply/decision`, agent, { accepted: false, reason: '答复未回应诉求' });
  await post('/v1/admin/calendar/2027', await t.token('supervisor', '赣'), { holidays: [], workdays: [] });

  // The next day's rollup, then the figures.
  await t.advance({ to: shanghai(monday, 1, '00:31') });
  const day = shanghai(monday, 0, '12:00').slice(0, 10);
  await call('GET', `/v1/reports/daily?date=${day}`, { token: auditor });
  await call('GET', `/v1/reports/monthly?month=${day.slice(0, 7)}&courtCode=赣11`, { token: supervisor });

  // Issue 12: a WeChat citizen, a phone lookup, the access log.
  const session = await post('/v1/wechat/session', undefined, { code: 'local-responses' });
  const citizenToken = session.body.token as string;
  await post('/v1/me/subscriptions', citizenToken, { templateIds: ['local-tpl-accepted'] });
  await post('/v1/requests', citizenToken, {
    channel: 'wechat',
    category: 'other',
    content: '微信诉求',
    contact: { name: '赵六', phone: '13600136000' },
  });
  await call('GET', '/v1/me/requests?limit=5', { token: citizenToken });
  await call('GET', '/v1/requests?phone=13912345678', { token: agent });
  // Issue 25: the agents' inbox holds the WeChat request above.
  await call('GET', '/v1/inbox', { token: agent });
  await call('GET', `/v1/requests/${order.trackingNo}/access-log`, { token: auditor });

  // Issue 20: the knowledge base, a settlement citing it, and the closed order above as a typical case.
  const center = await t.token('supervisor', '赣');
  const entry = await post('/v1/knowledge', center, {
    title: '诉讼费缓交',
    question: '如何申请诉讼费缓交？',
    answer: '可向立案庭提交书面申请。',
    category: 'litigation_guidance',
    tags: ['缓交'],
  });
  expect(entry.status).toBe(201);
  const knowledgeId = entry.body.knowledgeId as string;
  await post(`/v1/knowledge/${knowledgeId}`, center, {
    answer: '可向立案庭提交书面申请及困难证明。',
    note: '补充',
  });
  await call('GET', `/v1/knowledge/${knowledgeId}`, { token: agent });
  await call('GET', `/v1/knowledge?q=${encodeURIComponent('缓交')}`, { token: agent });
  const cited = await post('/v1/requests', agent, {
    channel: 'hotline',
    category: 'litigation_guidance',
    content: '诉讼费能缓交吗？',
    contact: { name: '钱七', phone: '13500135000' },
  });
  const settledCiting = await post(`/v1/requests/${cited.body.requestId}/settle`, agent, {
    answer: '可以，向立案庭申请。',
    knowledgeIds: [knowledgeId],
  });
  expect(settledCiting.body.knowledgeIds).toEqual([knowledgeId]);
  const nominated = await post(`${base}/typical-case`, supervisor, {
    title: '多次回访不满意，上级法院督办审核办结',
    summary: '当事人对答复多次表示不满意，上级法院督办审核后依法处理完毕。',
  });
  expect(nominated.status).toBe(201);
  await call('GET', '/v1/typical-cases?status=nominated', { token: center });
  await post(`/v1/typical-cases/${nominated.body.caseId}/decision`, center, { approved: true });
  await call('GET', '/v1/typical-cases');
  await post(`/v1/typical-cases/${nominated.body.caseId}/withdrawal`, center, { reason: '重新核查' });
  await call('GET', '/v1/typical-cases?status=withdrawn', { token: center });
  // Issue 20: a repeat linked to the second order's request; the month's ranking and a 通报.
  const repeat = await post('/v1/requests', agent, {
    channel: 'hotline',
    category: 'case_progress',
    content: '再次催问',
    contact: { name: '李四', phone: '13800138000' },
    caseNumber: '(2026)赣1126民初456号',
  });
  await post(`/v1/requests/${repeat.body.requestId}/link`, agent, { trackingNo: second.body.trackingNo });
  await call('GET', `/v1/reports/ranking?month=${day.slice(0, 7)}&level=basic`, { token: auditor });
  await call('GET', `/v1/reports/bulletin?month=${day.slice(0, 7)}&courtCode=赣1126`, { token: auditor });

  // Issue 22: the directory at run time.
  const admin = await t.token('admin', '赣');
  const member = (await call('GET', '/v1/admin/staff?courtCode=赣1126', { token: admin })).body.items[0];
  await post('/v1/admin/staff', admin, { action: 'change', id: member.id, name: '郭娟' });
  await post('/v1/admin/courts', admin, {
    action: 'rename',
    code: '赣1126',
    name: '弋阳县人民法院',
    shortName: '弋阳',
  });
  await call('GET', '/v1/admin/courts?limit=5', { token: admin });
  await call('GET', '/v1/admin/changes', { token: auditor });

  const missing = operations.filter((o) => !seen.has(o.operationId)).map((o) => o.operationId);
  expect(missing).toEqual([]);
});

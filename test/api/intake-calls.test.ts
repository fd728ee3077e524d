import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { getContainer } from '../../functions/commons/container';
import { PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';

/**
 * Issue 23, "the speed left over": what one filing asks of DynamoDB, counted at the SDK as the
 * handlers send it, so that a call nobody needs cannot creep back in. A filing is one conditional
 * PutItem of the request, whether it carries an Idempotency-Key or not: the request's id derives
 * from the key and the item holds the call's identity and body fingerprint, so that one write is
 * the claim, the work and the kept answer (docs/performance.md). A filing without a staff token
 * adds the two per-client counters (client address, phone), sent together; once a client's window
 * is full, its container refuses the rest of that window without asking the table.
 */
let t: TestStack;
let sent: string[] = [];
beforeAll(async () => {
  process.env.CLIENT_LIMITS = 'on'; // test/support/env.cjs turns them off for the rest of the suite
  t = await startTestStack({ startAt: PLAIN_MONDAY });
  getContainer().dynamo.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; Key?: { pk?: { S?: string } } };
      // The directory's version check runs every few seconds of wall time, whatever the call: not the filing's.
      if (input.Key?.pk?.S !== 'DIR') sent.push(`${context.commandName} ${input.TableName}`);
      return next(args);
    },
    { step: 'build', name: 'countIntakeCalls' },
  );
});
afterAll(async () => {
  await t.stop();
  process.env.CLIENT_LIMITS = 'off';
});

let phones = 0;
const body = () => ({
  channel: 'web',
  category: 'case_progress',
  content: `我的案件一直没有开庭通知 ${randomUUID()}`,
  contact: { name: '计数', phone: `1370000${String(phones++).padStart(4, '0')}` },
});

/** One POST /v1/requests from the loopback address `from`: its status and the DynamoDB calls it made. */
function file(from: string, payload: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(payload);
  sent = [];
  return new Promise<{ status: number; body: Record<string, unknown>; calls: string[] }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: t.stack.port,
          localAddress: from,
          method: 'POST',
          path: '/v1/requests',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            ...headers,
          },
        },
        (res) => {
          let out = '';
          res.on('data', (c) => {
            out += String(c);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: out ? JSON.parse(out) : {}, calls: [...sent] }),
          );
        },
      );
      req.on('error', reject);
      req.end(text);
    },
  );
}

test('an agent filing, with or without an Idempotency-Key, is one conditional PutItem', async () => {
  const agent = { authorization: `Bearer ${await t.token('agent', '赣', 'agent-counted')}` };
  const plain = await file('127.0.0.1', body(), agent);
  expect(plain.status).toBe(201);
  expect(plain.calls).toEqual(['PutItemCommand minyi-main']);

  const keyed = { ...agent, 'idempotency-key': randomUUID() };
  const x = body();
  const first = await file('127.0.0.1', x, keyed);
  expect(first.status).toBe(201);
  expect(first.calls).toEqual(['PutItemCommand minyi-main']);
  // Its replay: the put finds the request there, one read fetches its first answer.
  const replay = await file('127.0.0.1', x, keyed);
  expect(replay.body).toEqual(first.body);
  expect(replay.calls).toEqual(['PutItemCommand minyi-main', 'GetItemCommand minyi-main']);
});

test("a citizen's filing adds the client's two counters; past the limit its container asks nothing", async () => {
  const citizen = await file('127.0.0.21', body(), { 'idempotency-key': randomUUID() });
  expect(citizen.status).toBe(201);
  expect([...citizen.calls].sort()).toEqual([
    'PutItemCommand minyi-main',
    'UpdateItemCommand minyi-main',
    'UpdateItemCommand minyi-main',
  ]);
  let refused = citizen;
  while (refused.status === 201) refused = await file('127.0.0.21', body());
  expect(refused.status).toBe(429);
  const again = await file('127.0.0.21', body());
  expect(again.status).toBe(429);
  expect(again.calls).toEqual([]);
});

test('a client past its limit is still answered the call it already made', async () => {
  const headers = { 'idempotency-key': randomUUID() };
  const x = body();
  const first = await file('127.0.0.22', x, headers);
  expect(first.status).toBe(201);
  let refused = first;
  while (refused.status === 201) refused = await file('127.0.0.22', body());
  const retried = await file('127.0.0.22', x, headers);
  expect(retried.status).toBe(201);
  expect(retried.body).toEqual(first.body);
});

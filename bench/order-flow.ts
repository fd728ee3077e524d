import '../sim/quiet-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { makeDynamoClients } from '../adapters/dynamo/client';
import { getContainer } from '../functions/commons/container';
import { startLocalStack } from '../local/stack';
import { median } from './stats';

/**
 * `npm run bench` (part 2): the local stack under a steady 5 new orders a second, each carried
 * through its whole typical life over HTTP (intake, order, accept, reply, a satisfied callback),
 * with the order clock running in-process. Reports the p50/p99 of a whole flow, and what one
 * typical order costs on AWS, from counts made here: HTTP calls, Tick runs (three state transitions
 * each: Tick, the Choice, then the Wait or the Succeed), DynamoDB requests and their capacity units.
 */
export interface OrderFlowResult {
  orders: number;
  ratePerSecond: number;
  p50Ms: number;
  p99Ms: number;
  transitionsPerOrder: number;
  ticksPerOrder: number;
  httpCallsPerOrder: number;
  dynamo: { readUnits: number; writeUnits: number; requests: number };
  mailsPerOrder: number;
  costPer1000: Record<string, number>;
}

/** List prices, us-east-1 / ap-southeast-1 class regions, 2026 (USD). */
export const PRICES = {
  transition: 0.025 / 1000, // Step Functions Standard
  httpApiRequest: 1.0 / 1e6, // API Gateway HTTP API
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  writeUnit: 0.625 / 1e6, // DynamoDB on-demand WRU
  readUnit: 0.125 / 1e6, // DynamoDB on-demand RRU
  email: 0.1 / 1000, // SES
};
/** Billed duration assumed per Lambda call (512 MB): generous for a handler that makes a few DynamoDB calls. */
const LAMBDA_MS = 100;
const GSI_NAMES = ['gsi1', 'gsi2', 'gsi3', 'gsi4', 'gsi5'];
/**
 * dynalite charges a write for the table only; DynamoDB also charges the indexes (projection ALL):
 * for each, one write where the item is in it before or after with the same key, two where its key
 * there changes (a delete and a put). A put is priced from the item before and after; an update
 * (none on the main table in this flow) as an upper bound: two per index it names, or all five.
 */
function gsiWriteFactor(input: Record<string, unknown>, before?: Record<string, AttributeValue>): number {
  const item = input.Item as Record<string, AttributeValue> | undefined;
  if (item) {
    const keyOf = (i: Record<string, AttributeValue> | undefined, g: string) =>
      i && `${g}pk` in i ? JSON.stringify([i[`${g}pk`], i[`${g}sk`]]) : null;
    let extra = 0;
    for (const g of GSI_NAMES) {
      const [was, is] = [keyOf(before, g), keyOf(item, g)];
      if (was && is) extra += was === is ? 1 : 2;
      else if (was || is) extra += 1;
    }
    return 1 + extra;
  }
  const names = JSON.stringify(input.ExpressionAttributeNames ?? {}) + String(input.UpdateExpression ?? '');
  if (String(input.TableName).includes('idempotency')) return 1; // that table has no index
  const named = GSI_NAMES.filter((g) => names.includes(g)).length;
  return 1 + 2 * (input.UpdateExpression && named === 0 ? 0 : named || GSI_NAMES.length);
}

export async function measureOrderFlow(seconds = Number(process.env.BENCH_FLOW_SECONDS ?? 20), rate = 5) {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-flow-'));
  const stack = await startLocalStack({ port: 0, dataDir });
  const s = getContainer();
  // A working Monday, 09:00 Shanghai, two weeks ahead (the clock only moves forward).
  await stack.advance({ to: workingMonday(stack.clock.now()) });
  const agent = await stack.tokens.mint({ sub: 'bench', role: 'agent', court: '赣' });
  const handler = await stack.tokens.mint({ sub: 'bench-h', role: 'handler', court: '赣1126' });
  let requests = 0;
  let readUnits = 0;
  let writeUnits = 0;
  const peek = makeDynamoClients(process.env.DYNAMODB_ENDPOINT).raw;
  s.dynamo.raw.middlewareStack.add(
    (next) => async (args) => {
      (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
      return next(args);
    },
    { step: 'initialize', name: 'benchAskCapacity' },
  );
  s.dynamo.raw.middlewareStack.add(
    (next, context) => async (args) => {
      // Marshalled by now (the document client converts at initialize).
      const input = args.input as Record<string, unknown>;
      // The item as it was, to price the index writes a put makes (dynalite charges the table only).
      const before =
        context.commandName === 'PutItemCommand' && input.TableName === s.tableName
          ? await peek.send(
              new GetItemCommand({
                TableName: s.tableName,
                Key: pick(input.Item as Record<string, AttributeValue>, ['pk', 'sk']),
                ConsistentRead: true,
              }),
            )
          : null;
      const out = await next(args);
      requests += 1;
      const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const write = WRITES.has(context.commandName ?? '');
      for (const c of [consumed].flat() as { CapacityUnits?: number }[]) {
        const units = c?.CapacityUnits ?? 0;
        if (write) writeUnits += units * gsiWriteFactor(input, before?.Item);
        else readUnits += units;
      }
      return out;
    },
    { step: 'build', name: 'benchCapacity' },
  );
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const flow = async (i: number) => {
    const started = performance.now();
    const request = await call('POST', '/v1/requests', null, {
      channel: 'web',
      category: 'case_progress',
      content: `我的案件一直没有开庭通知 ${Math.abs(i)}`,
      contact: { name: '基准', phone: '13800000000' },
      caseNumber: `(2026)赣1126民初${Math.abs(i)}号`,
    });
    const order = await call('POST', `/v1/requests/${request.requestId}/orders`, agent, {});
    const base = `/v1/orders/${order.orderId}`;
    await call('POST', `${base}/accept`, handler, {});
    await call('POST', `${base}/reply`, handler, { answer: '已排期，下周二开庭。' });
    const closed = await call('POST', `${base}/callback`, agent, { reached: true, rating: 'satisfied' });
    if (closed.status !== 'closed') throw new Error(`order ${order.orderId} not closed`);
    return performance.now() - started;
  };

  // Warm-up, not timed: the first calls load each handler's modules (cold starts are part 1's business).
  await Promise.all(Array.from({ length: 10 }, (_, i) => flow(-1 - i)));
  await stack.workflows.settle();
  const ticksBefore = stack.workflows.ticksRun;
  const mailsBefore = await countOutbox(s);
  requests = 0;
  readUnits = 0;
  writeUnits = 0;
  const count = seconds * rate;
  const flows: Promise<number>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    // Open loop: a new order every 1/rate s, whether the earlier ones are done or not.
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    flows.push(flow(i));
  }
  const times = await Promise.all(flows);
  await stack.workflows.settle();
  const ticks = stack.workflows.ticksRun - ticksBefore;
  const mails = (await countOutbox(s)) - mailsBefore;
  const dynamoRequests = requests;
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });

  const sorted = [...times].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)]!;
  const perOrder = (v: number) => v / count;
  const httpCalls = 5;
  const lambdaCalls = httpCalls + perOrder(ticks);
  const cost = {
    stepFunctions: perOrder(ticks) * 3 * PRICES.transition * 1000,
    apiGateway: httpCalls * PRICES.httpApiRequest * 1000,
    lambda: lambdaCalls * (PRICES.lambdaRequest + (0.5 * LAMBDA_MS * PRICES.lambdaGbSecondArm) / 1000) * 1000,
    dynamodb: (perOrder(writeUnits) * PRICES.writeUnit + perOrder(readUnits) * PRICES.readUnit) * 1000,
  };
  // Mail is priced apart: SES charges per recipient where a stage mails by SES (none in China, where
  // the courts' own SMTP server sends it), and here how many notices go out depends on whether the
  // order leaves its stage before the stage's first Tick runs, which a flow of a few milliseconds races.
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  return {
    orders: count,
    ratePerSecond: rate,
    p50Ms: Math.round(median(times)),
    p99Ms: Math.round(p99),
    ticksPerOrder: perOrder(ticks),
    transitionsPerOrder: perOrder(ticks) * 3,
    httpCallsPerOrder: httpCalls,
    dynamo: {
      requests: perOrder(dynamoRequests),
      readUnits: perOrder(readUnits),
      writeUnits: perOrder(writeUnits),
    },
    mailsPerOrder: perOrder(mails),
    costPer1000: {
      ...roundAll(cost),
      total: round4(total),
      'SES, per 1,000 emails (apart)': PRICES.email * 1000,
    },
  } satisfies OrderFlowResult;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

async function countOutbox(s: ReturnType<typeof getContainer>): Promise<number> {
  return s.outbox ? (await s.outbox.list()).filter((m) => m.kind === 'email').length : 0;
}

function workingMonday(now: Date): Date {
  const s = getContainer();
  let t = now.getTime() + 14 * 86_400_000;
  for (;;) {
    const date = new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
    if (new Date(t + 8 * 3600_000).getUTCDay() === 1 && s.calendar.isWorkingDay(date))
      return new Date(Date.parse(`${date}T01:00:00Z`));
    t += 86_400_000;
  }
}

const pick = <T>(o: Record<string, T>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]!]));
const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
const roundAll = (o: Record<string, number>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round4(v)]));

import '../sim/quiet-logs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monthPeriod } from '../domain/figures';
import { shanghaiDate, shanghaiMonth } from '../domain/working-days';
import { getContainer } from '../functions/commons/container';
import { startLocalStack } from '../local/stack';
import { rollup } from '../services/rollup';

/**
 * `npm run bench`: what our code costs on top of the database it cannot do without, as ratios
 * against a floor measured in the same run on the same machine (this machine is shared and
 * noisy: absolute times mean little, ratios hold).
 *
 * 1. intake: POST /v1/requests through the HTTP server, middy, zod, idempotency and the
 *    conditional put, against a bare PutItem of the same item to dynalite;
 * 2. rollup: a month's figures for every court, against only reading the same records;
 * 3. memory: the heap the rollup holds, against the heap of the records it reads.
 */
const N = Number(process.env.BENCH_REQUESTS ?? 1500);
const CONCURRENCY = 8;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-bench-'));
  const stack = await startLocalStack({ port: 0, dataDir });
  const s = getContainer();
  const agent = await stack.tokens.mint({ sub: 'bench', role: 'agent', court: '赣' });
  const body = (i: number) =>
    JSON.stringify({
      channel: 'web',
      category: 'case_progress',
      content: `基准测试诉求 ${i}`,
      contact: { name: '基准', phone: '13800000000' },
      caseNumber: `(2026)赣${['1126', '0102', '0781', '0402'][i % 4]}民初${i}号`,
    });

  // Floor: the same-sized item written straight to dynalite.
  const floorPut = await timed(N, async (i) => {
    await s.dynamo.doc.send(
      new PutCommand({
        TableName: s.tableName,
        Item: { pk: `BENCH#${i}`, sk: 'A', body: body(i), version: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  });
  // Ours: the whole API path, half of the calls with an Idempotency-Key.
  const api = await timed(N, async (i) => {
    const res = await fetch(`${stack.url}/v1/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(i % 2 ? { 'idempotency-key': `bench-${i}` } : {}),
        authorization: `Bearer ${agent}`,
      },
      body: body(i),
    });
    if (res.status !== 201) throw new Error(`intake ${res.status}`);
    await res.arrayBuffer();
  });

  // A month's rollup over what was just written, against reading the same records.
  const month = monthPeriod(shanghaiMonth(stack.clock.now()));
  const today = shanghaiDate(stack.clock.now());
  const floorRead = await timed(
    5,
    async () => {
      for await (const _ of s.requests.listByDay(today)) void _;
      await s.dynamo.doc.send(
        new QueryCommand({
          TableName: s.tableName,
          IndexName: 'gsi5',
          KeyConditionExpression: 'gsi5pk = :k',
          ExpressionAttributeValues: { ':k': 'OPEN#0' },
        }),
      );
    },
    1,
  );
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const records: unknown[] = [];
  for await (const r of s.requests.listByDay(today)) records.push(r);
  const heapRecords = process.memoryUsage().heapUsed - heapBefore;
  records.length = 0;
  global.gc?.();
  const heapBeforeRollup = process.memoryUsage().heapUsed;
  let held: unknown = null;
  const ours = await timed(
    5,
    async () => {
      held = await rollup(s, [month]);
    },
    1,
  );
  const heapRollup = process.memoryUsage().heapUsed - heapBeforeRollup;
  void held;

  const rows = [
    {
      measure: 'intake, per request',
      floor: `${ms(floorPut.perOp)} (PutItem)`,
      ours: `${ms(api.perOp)} (HTTP API)`,
      ratio: ratio(api.perOp, floorPut.perOp),
    },
    {
      measure: `rollup of a month (${N} requests, every court)`,
      floor: `${ms(floorRead.perOp)} (read only)`,
      ours: ms(ours.perOp),
      ratio: ratio(ours.perOp, floorRead.perOp),
    },
    {
      measure: 'heap held by the rollup',
      floor: `${kb(heapRecords)} (the records)`,
      ours: kb(heapRollup),
      ratio: global.gc ? ratio(heapRollup, heapRecords) : 'run with --expose-gc',
    },
  ];
  console.table(rows);
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

async function timed(
  count: number,
  op: (i: number) => Promise<void>,
  concurrency = CONCURRENCY,
): Promise<{ perOp: number }> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return { perOp: (performance.now() - started) / count };
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const kb = (v: number) => `${Math.round(v / 1024)} KiB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

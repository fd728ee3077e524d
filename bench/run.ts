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
import { measureBundles } from './bundles';
import { measureKnowledgeSearch } from './knowledge-search';
import { measureOrderFlow } from './order-flow';
import { median, spread } from './stats';

/**
 * `npm run bench`: what our code costs on top of what it cannot do without, as ratios against a
 * floor measured in the same run on the same machine (it is shared and noisy: absolute times mean
 * little, ratios hold). Every A/B is interleaved, round by round, so load falls on both sides alike;
 * each figure is the median of its rounds with the middle half of them (25th–75th percentile).
 *
 * 1. bundles: each function's size and cold import against a bare DynamoDB-SDK import (bench/bundles.ts);
 * 2. the local stack holding 5 new orders a second through their whole life, and what a typical
 *    order costs on AWS from the counts made there (bench/order-flow.ts);
 * 3. intake: POST /v1/requests through the HTTP server, middy, zod, idempotency and the conditional
 *    put, against a bare PutItem of the very item the API wrote (same size, same index keys), in
 *    wall time and in the process's CPU time (the second holds when other work shares the machine);
 * 4. rollup: a month's figures for every court, against only reading the same records;
 * 5. memory: the heap the rollup holds, against the heap of the records it reads (gc before each reading);
 * 6. knowledge: search over 5,000 entries, in process and through the API, and the index at a cold start
 *    (bench/knowledge-search.ts).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 100);
const CONCURRENCY = 8;

async function main() {
  if (!global.gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const only = process.env.BENCH_ONLY?.split(',');
  const want = (part: string) => !only || only.includes(part);

  if (want('bundles')) {
    console.log(
      '\n1. Bundles: size (minified, SDK external) and cold import, against a bare DynamoDB-SDK import',
    );
    console.table(await measureBundles());
  }
  if (want('flow')) {
    console.log(
      '\n2. The local stack at 5 new orders a second, each through intake, order, accept, reply, callback',
    );
    const flow = await measureOrderFlow();
    console.table([{ ...flow, dynamo: undefined, costPer1000: undefined }]);
    console.table([flow.dynamo]);
    console.log('cost per 1,000 typical orders, USD at list price:');
    console.table([flow.costPer1000]);
  }
  if (want('intake') || want('rollup')) await intakeAndRollup();
  if (want('knowledge')) {
    console.log('\n6. The knowledge base: search over its entries as an agent types (issue 20)');
    const kb = await measureKnowledgeSearch();
    console.table([kb.inProcess, kb.coldStart, kb.http]);
  }
}

async function intakeAndRollup() {
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
  // The items the API writes for a request, caught on their way to the table: the floor writes the same ones.
  const written: Record<string, unknown>[] = [];
  s.dynamo.doc.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TableName?: string; Item?: Record<string, unknown> };
      if (
        input.TableName === s.tableName &&
        typeof input.Item?.pk === 'string' &&
        input.Item.pk.startsWith('REQ')
      )
        written.push(structuredClone(input.Item));
      return next(args);
    },
    { step: 'initialize', name: 'benchCatchItems' },
  );
  let seq = 0;
  const api = async () => {
    const i = seq++;
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
  };
  let copy = 0;
  const floor = async () => {
    const item = written[copy % written.length]!;
    const n = copy++;
    await s.dynamo.doc.send(
      new PutCommand({
        TableName: s.tableName,
        Item: { ...item, pk: `${String(item.pk)}#BENCH${n}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  };
  await run(PER_ROUND, api); // warm-up, and the items the floor will write
  if (written.length === 0) throw new Error('no request item seen: the floor would write nothing');
  // Wall time, and the process's CPU time (ours, dynalite and LevelDB all run in it): on a machine
  // shared with other work the wall time's ratio swings with the load, the CPU time's holds.
  const cpu = { floor: [] as number[], api: [] as number[] };
  const timed = (op: () => Promise<void>, into: number[]) => async () => {
    const r = await run(PER_ROUND, op);
    into.push(r.cpu);
    return r.wall;
  };
  const intake = await interleaved(ROUNDS, timed(floor, cpu.floor), timed(api, cpu.api));
  const cpuRatios = cpu.api.map((v, i) => v / cpu.floor[i]!);
  const intakeCpu = {
    a: median(cpu.floor),
    b: median(cpu.api),
    ratio: median(cpuRatios),
    spread: spread(cpuRatios),
  };

  // A month's rollup over what was just written, against reading the same records.
  const month = monthPeriod(shanghaiMonth(stack.clock.now()));
  const today = shanghaiDate(stack.clock.now());
  const readOnly = async () => {
    for await (const _ of s.requests.listByDay(today)) void _;
    await s.dynamo.doc.send(
      new QueryCommand({
        TableName: s.tableName,
        IndexName: 'gsi5',
        KeyConditionExpression: 'gsi5pk = :k',
        ExpressionAttributeValues: { ':k': 'OPEN#0' },
      }),
    );
  };
  const roll = await interleaved(
    5,
    () => timedOnce(readOnly),
    () => timedOnce(() => rollup(s, [month]).then(() => undefined)),
  );

  const heapRecords: number[] = [];
  const heapRollup: number[] = [];
  for (let r = 0; r < 3; r++) {
    heapRecords.push(
      await heldBy(async () => {
        const records: unknown[] = [];
        for await (const rec of s.requests.listByDay(today)) records.push(rec);
        return records;
      }),
    );
    heapRollup.push(await heldBy(() => rollup(s, [month])));
  }

  const requests = seq;
  console.log(
    `\n3–5. Intake, rollup and memory (${ROUNDS} interleaved rounds of ${PER_ROUND} calls, ${CONCURRENCY} in flight)`,
  );
  console.table([
    row('intake, per request', 'PutItem of the same item', intake),
    row('intake, CPU time per request', 'PutItem of the same item', intakeCpu),
    row(`rollup of a month (${requests} requests, every court)`, 'reading the same records', roll),
    {
      measure: 'heap held by the rollup (gc before each reading)',
      floor: `${kb(median(heapRecords))} (the records)`,
      ours: kb(median(heapRollup)),
      ratio: (median(heapRollup) / median(heapRecords)).toFixed(2),
      'ratio, middle half': spread(heapRollup.map((v, i) => v / heapRecords[i]!)),
    },
  ]);
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** A then B, `rounds` times: per round the B/A ratio; the medians of A, B and the ratio. */
async function interleaved(rounds: number, a: () => Promise<number>, b: () => Promise<number>) {
  const as: number[] = [];
  const bs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first, so neither always runs on a warmer machine.
    if (r % 2) {
      bs.push(await b());
      as.push(await a());
    } else {
      as.push(await a());
      bs.push(await b());
    }
  }
  const ratios = bs.map((v, i) => v / as[i]!);
  return { a: median(as), b: median(bs), ratio: median(ratios), spread: spread(ratios) };
}

function row(measure: string, floorName: string, m: Awaited<ReturnType<typeof interleaved>>) {
  return {
    measure,
    floor: `${ms(m.a)} (${floorName})`,
    ours: ms(m.b),
    ratio: m.ratio.toFixed(2),
    'ratio, middle half': m.spread,
  };
}

/** Milliseconds per operation for `count` operations, `CONCURRENCY` in flight: wall time and the process's CPU time. */
async function run(count: number, op: () => Promise<void>): Promise<{ wall: number; cpu: number }> {
  let next = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await op();
    }),
  );
  const used = process.cpuUsage(cpuBefore);
  return { wall: (performance.now() - started) / count, cpu: (used.user + used.system) / 1000 / count };
}

async function timedOnce(op: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await op();
  return performance.now() - started;
}

/** Heap still held by what `make` returns, after a full gc on both sides of it. */
async function heldBy(make: () => Promise<unknown>): Promise<number> {
  global.gc!();
  const before = process.memoryUsage().heapUsed;
  let held: unknown = await make();
  global.gc!();
  const after = process.memoryUsage().heapUsed;
  void held;
  held = null;
  return after - before;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;
const kb = (v: number) => `${Math.round(v / 1024)} KiB`;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

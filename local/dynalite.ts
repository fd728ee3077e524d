import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { CreateTableCommand, type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { Level } from 'level';
import { serveEndpointInProcess } from '../adapters/dynamo/client';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../adapters/dynamo/table-definition';
import { createDynaliteServer } from './dynalite-engine';
import { startDynaliteThread } from './dynalite-transport';

/**
 * dynalite (DynamoDB's API on LevelDB), persisted under `$DATA_DIR/db` behind an HTTP server on
 * loopback (`npm start`, the tests); or, with `persist: false`, held in memory in a worker thread of
 * its own, on the machine's other core, with no socket between it and the DynamoDB clients
 * (local/dynalite-transport.ts): for a simulation run, whose data is thrown away.
 */
export async function startDynalite(
  dataDir: string,
  { persist = true }: { persist?: boolean } = {},
): Promise<{ endpoint: string; close: () => Promise<void>; loop?: () => EventLoopUtilization }> {
  const path = join(dataDir, 'db');
  if (!persist) {
    const { transport, close, loop } = await startDynaliteThread();
    serveEndpointInProcess(THREAD_ENDPOINT, transport);
    return {
      endpoint: THREAD_ENDPOINT,
      loop,
      close: async () => {
        serveEndpointInProcess(THREAD_ENDPOINT, null);
        await close();
      },
    };
  }
  mkdirSync(path, { recursive: true });
  await assertNotLocked(path);
  // The kill-cycle harness's injected kills (bench/kill-cycle.ts): never set otherwise.
  if (process.env.MINYI_FAULT_INJECTION === '1') (await import('./fault-injection')).installFaultInjection();
  const server = await createDynaliteServer({
    path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The endpoint DynamoDB clients are given for the thread: never dialled (adapters/dynamo/client.ts). */
const THREAD_ENDPOINT = 'http://dynalite.thread';

/**
 * dynalite opens its LevelDB lazily and, if another process holds the folder, crashes on the first
 * request. Opening it once first turns that into a clear refusal at start.
 */
async function assertNotLocked(path: string): Promise<void> {
  const probe = new Level(path);
  try {
    await probe.open();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new Error(
        `${path} is in use by another process (is another npm start running on this DATA_DIR?)`,
      );
    }
    throw error;
  } finally {
    await probe.close();
  }
}

/** Creates the tables of table-definition.ts unless they exist. */
export async function ensureTables(client: DynamoDBClient, main: string, idempotency: string): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  if (!existing.has(main)) {
    const attrs = [
      MAIN_TABLE.partitionKey,
      MAIN_TABLE.sortKey,
      ...MAIN_TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    await client.send(
      new CreateTableCommand({
        TableName: main,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attrs.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: MAIN_TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: MAIN_TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: MAIN_TABLE.indexes.map((i) => ({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      }),
    );
  }
  if (!existing.has(idempotency)) {
    await client.send(
      new CreateTableCommand({
        TableName: idempotency,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
      }),
    );
  }
}

import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { Level } from 'level';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../adapters/dynamo/table-definition';

/**
 * dynalite (DynamoDB's API on LevelDB, in-process), persisted under `$DATA_DIR/db`; or, with
 * `persist: false`, held in memory (the same engine and validation, no disk): for a simulation
 * run, whose data is thrown away.
 */
export async function startDynalite(
  dataDir: string,
  { persist = true }: { persist?: boolean } = {},
): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const path = join(dataDir, 'db');
  if (persist) {
    mkdirSync(path, { recursive: true });
    await assertNotLocked(path);
  }
  const server = dynalite({
    ...(persist ? { path } : {}),
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

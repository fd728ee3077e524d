import { execFileSync } from 'node:child_process';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { makeDynamoClients, serveEndpointInProcess } from '../../adapters/dynamo/client';
import { startDynaliteThread } from '../../local/dynalite-transport';

/** The local stack's own parts, where a test of the API would not see them. */

test('importing the local stack turns Powertools Metrics off before its instance is built', () => {
  // A fresh process without jest's environment (test/support/env.cjs sets the flag for every test).
  const env = { ...process.env };
  delete env.POWERTOOLS_METRICS_DISABLED;
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/local/metrics-probe.ts'], {
    env,
    encoding: 'utf8',
  });
  expect(out.trim()).toBe('done');
});

test("a call to dynalite's thread after the thread is gone fails instead of waiting for ever", async () => {
  const { transport, close } = await startDynaliteThread();
  serveEndpointInProcess(ENDPOINT, transport);
  process.env.AWS_REGION ??= 'cn-north-1';
  const { raw } = makeDynamoClients(ENDPOINT);
  try {
    expect((await raw.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  } finally {
    await close();
  }
  await expect(raw.send(new ListTablesCommand({}))).rejects.toThrow(/exited/);
  serveEndpointInProcess(ENDPOINT, null);
});

const ENDPOINT = 'http://dynalite.test-thread';

import { execFileSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { newOrder, PLAIN_MONDAY, startTestStack, type TestStack } from '../support/local';
import { launchChromium, signIn } from './support';

/**
 * Issue 25, the desk's half: what a new member of staff met doing a day's work through the pages,
 * each driven by the Chinese a person reads on them.
 */
jest.setTimeout(120_000);

let t: TestStack;
let browser: Browser;

beforeAll(async () => {
  execFileSync('node_modules/.bin/tsx', ['web/scripts/build.ts', '--if-stale'], { stdio: 'inherit' });
  browser = await launchChromium();
  t = await startTestStack({ startAt: PLAIN_MONDAY });
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const YIYANG = { role: 'handler', court: '赣1126', courtName: '弋阳县人民法院', name: '弋阳法官' } as const;

test('the order page offers only what the person may do now: no 退回中心 once its window has closed', async () => {
  // A suggestion has ten working days: on Wednesday it is on time, but Monday's order can no
  // longer be returned (1 working day after dispatch).
  const { orderId } = await newOrder(t, { category: 'suggestion' });
  await t.advance({ advance: 'P2D' });

  const page = await signIn(await browser.newContext(), `${t.stack.url}/desk/orders/${orderId}`, YIYANG);
  const actions = page.getByTestId('actions');
  await actions.getByRole('button', { name: '签收' }).waitFor();
  await actions.getByRole('button', { name: '申请延期（限一次）' }).waitFor();
  expect(await actions.getByRole('button', { name: '退回中心' }).count()).toBe(0);

  // The page shows what the API offers, and the API offers what its routes allow.
  const handler = await t.token('handler', '赣1126', '弋阳法官');
  const view = await t.call('GET', `/v1/orders/${orderId}`, { token: handler });
  expect(view.body.actions).toEqual(['accept', 'extension']);
  const refused = await t.call('POST', `/v1/orders/${orderId}/return`, {
    token: handler,
    body: { reason: '不属于本院' },
  });
  expect(refused.status).toBe(409);
  const agent = await t.token('agent', '赣');
  expect((await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).body.actions).toEqual(['urge']);
});

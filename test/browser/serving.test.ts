import { startTestStack, type TestStack } from '../support/local';

/**
 * What the local stack serves for the pages besides their files: /config.json, the local sign-in
 * (the same tokens as `npm run token`, and only for a real role and court), and nothing outside
 * web/dist/assets however the path is written.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t.stop());

test('config.json tells the pages the API is here and staff sign in locally', async () => {
  expect((await t.call('GET', '/config.json')).body).toEqual({ apiBaseUrl: '', auth: { mode: 'local' } });
});

test('the local sign-in signs a token the API accepts, for a real role and court only', async () => {
  const signed = await t.call('POST', '/_local/sign-in', {
    body: { role: 'supervisor', court: '赣11', name: '赵督办' },
  });
  expect(signed.status).toBe(200);
  const list = await t.call('GET', '/v1/orders', { token: signed.body.token });
  expect(list.status).toBe(200);
  const claims = JSON.parse(Buffer.from(signed.body.token.split('.')[1], 'base64url').toString('utf8'));
  expect(claims).toMatchObject({ sub: '赵督办', role: 'supervisor', court: '赣11' });

  for (const body of [
    { role: 'root', court: '赣', name: '甲' },
    { role: 'agent', court: '沪', name: '乙' },
    { role: 'agent', court: '赣', name: ' ' },
    { role: 'agent', court: '赣' },
  ])
    expect((await t.call('POST', '/_local/sign-in', { body })).status).toBe(422);
  expect(
    (await t.call('POST', '/_local/sign-in', { raw: '{', headers: { 'content-type': 'application/json' } }))
      .status,
  ).toBe(400);
});

test('nothing outside the built assets is served', async () => {
  for (const path of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/nope.js'])
    expect((await fetch(`${t.stack.url}${path}`)).status).toBe(404);
  expect((await fetch(`${t.stack.url}/v1/nope`)).status).toBe(404);
});

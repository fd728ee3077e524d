import { send } from '../e2e/support';
import { startTestStack, type TestStack } from '../support/local';

/**
 * `/_local/*` (issue 24, finding 3): the clock, the outbox, the WeChat stand-in and the sign-in
 * answer the developer's own tools and this stack's pages only, never another web page open in the
 * same browser (a cross-site form, a DNS-rebinding page), and the clock refuses a move it would
 * spend for ever on.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t.stop());

const now = async () => (await t.call('GET', '/_local/clock')).body.now as string;

test('a cross-site text/plain POST (no CORS preflight) does not move the clock', async () => {
  const before = await now();
  // What a form, or fetch(mode: 'no-cors') on another site, sends: no preflight, so it must be refused here.
  const plain = await fetch(`${t.stack.url}/_local/clock`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ advance: 'P30D' }),
  });
  expect(plain.status).toBe(415);
  expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  const form = await fetch(`${t.stack.url}/_local/clock`, {
    method: 'POST',
    body: new URLSearchParams({ advance: 'P30D' }),
  });
  expect(form.status).toBe(415);
  expect(Date.parse(await now()) - Date.parse(before)).toBeLessThan(24 * 3600 * 1000);
});

test('JSON from another origin is refused too; the same origin and plain tools are answered', async () => {
  const { port } = t.stack;
  const host = `127.0.0.1:${port}`;
  const cross = await send(port, 'POST', '/_local/clock', {
    headers: { host, origin: 'http://evil.example' },
    body: { advance: 'PT1M' },
  });
  expect(cross.status).toBe(403);
  expect(cross.body.error.code).toBe('cross_origin');
  const fetchSite = await send(port, 'POST', '/_local/sign-in', {
    headers: { host, 'sec-fetch-site': 'same-site' },
    body: { role: 'agent', court: '赣', name: '甲' },
  });
  expect(fetchSite.status).toBe(403);
  // The desk's own sign-in page, as Chromium sends it.
  const page = await send(port, 'POST', '/_local/sign-in', {
    headers: { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    body: { role: 'agent', court: '赣', name: '甲' },
  });
  expect(page.status).toBe(200);
  // curl or a script: no Origin at all.
  expect(
    (await send(port, 'POST', '/_local/clock', { headers: { host }, body: { advance: 'PT1M' } })).status,
  ).toBe(200);
});

test('a DNS-rebinding page (another Host) mints no token and reads no outbox', async () => {
  const { port } = t.stack;
  const signIn = await send(port, 'POST', '/_local/sign-in', {
    headers: { host: `evil.example:${port}` },
    body: { role: 'supervisor', court: '赣', name: '甲' },
  });
  expect(signIn.status).toBe(403);
  expect(signIn.body.error.code).toBe('host_not_allowed');
  expect(signIn.body.token).toBeUndefined();
  expect(
    (await send(port, 'GET', '/_local/outbox', { headers: { host: `evil.example:${port}` } })).status,
  ).toBe(403);
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
    expect((await send(port, 'GET', '/_local/clock', { headers: { host } })).status).toBe(200);
});

test('LOCAL_HOSTS adds a host name of your own', async () => {
  const { port } = t.stack;
  const before = process.env.LOCAL_HOSTS;
  process.env.LOCAL_HOSTS = 'minyi.test, desk.minyi.test';
  try {
    expect(
      (await send(port, 'GET', '/_local/clock', { headers: { host: `desk.minyi.test:${port}` } })).status,
    ).toBe(200);
    expect(
      (await send(port, 'GET', '/_local/clock', { headers: { host: `other.test:${port}` } })).status,
    ).toBe(403);
  } finally {
    if (before === undefined) delete process.env.LOCAL_HOSTS;
    else process.env.LOCAL_HOSTS = before;
  }
});

test('a clock target more than 10 years ahead is a 422, and the clock stays', async () => {
  const before = Date.parse(await now());
  for (const body of [
    { to: '+275760-09-13T00:00:00Z' },
    { to: '2040-01-01T00:00:00Z' },
    { advance: 'P600W' },
  ]) {
    const res = await t.call('POST', '/_local/clock', { body });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('clock_too_far');
  }
  expect(Date.parse(await now()) - before).toBeLessThan(24 * 3600 * 1000);
});

test('a clock move is either an advance or a target: a body with both is a 400, and the clock stays', async () => {
  const before = await now();
  const res = await t.call('POST', '/_local/clock', {
    body: { advance: 'P1D', to: '2030-01-01T00:00:00Z' },
  });
  expect([res.status, res.body.error?.code]).toEqual([400, 'ambiguous_clock_move']);
  // The clock runs on in real time meanwhile: it moved by nothing near a day.
  expect(Date.parse(await now()) - Date.parse(before)).toBeLessThan(3600_000);
});

test('advances sent together each move the clock: two of a day move it two days', async () => {
  for (let round = 0; round < 3; round++) {
    const before = Date.parse(await now());
    const replies = await Promise.all([
      t.call('POST', '/_local/clock', { body: { advance: 'P1D' } }),
      t.call('POST', '/_local/clock', { body: { advance: 'P1D' } }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    // Two days, and the few seconds of real time the clock ran on meanwhile (one advance lost: 1.6 days).
    const days = (Date.parse(await now()) - before) / 86_400_000;
    expect([round, days >= 2 && days < 2.5]).toEqual([round, true]);
  }
});

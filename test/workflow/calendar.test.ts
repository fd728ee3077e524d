import { newOrder, startTestStack, type TestStack } from '../support/local';

/**
 * 2027 is a year no package knows yet: deadlines count on the documented fallback until the
 * deployment loads the State Council's schedule, in a running stack, and the open orders' future
 * deadlines and ladders move with it.
 */
let t: TestStack;
beforeAll(async () => {
  // Thursday 4 February 2027, 10:00 Shanghai: the day before the lunar new year's eve.
  t = await startTestStack({ startAt: new Date('2027-02-04T02:00:00Z') });
});
afterAll(async () => {
  await t.stack.workflows.settle();
  await t.stop();
});

const mailsFor = async (orderId: string) =>
  (await t.outbox()).filter((m) => m.kind === 'email' && m.tags.orderId === orderId).map((m) => m.tags.step);

test('on the fallback, the Spring Festival is the eve to the 3rd day: Thu 4 Feb + 1 working day is Tue 9 Feb', async () => {
  const { deadline, orderId } = await newOrder(t);
  expect(deadline).toBe('2027-02-09T09:30:00.000Z');
  const order = (await t.call('GET', `/v1/orders/${orderId}`, { token: await t.token('agent', '赣') })).body;
  expect(order.history.find((h: { action: string }) => h.action === 'dispatched').details.calendar).toBe(
    'fallback',
  );
});

test("loading the year's schedule moves open orders' future deadlines and their ladder, with a line of history", async () => {
  const { orderId } = await newOrder(t); // due Tue 9 Feb on the fallback
  const body = {
    holidays: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    workdays: ['2027-02-13'],
  };
  const path = '/v1/admin/calendar/2027';
  expect((await t.call('POST', path, { token: await t.token('agent', '赣'), body })).status).toBe(403);
  expect((await t.call('POST', path, { token: await t.token('supervisor', '赣11'), body })).status).toBe(403);
  const center = await t.token('supervisor', '赣');
  const weekday = await t.call('POST', path, { token: center, body: { ...body, workdays: ['2027-02-12'] } });
  expect(weekday.status).toBe(422);
  expect(weekday.body.error.code).toBe('invalid_calendar');

  const loaded = await t.call('POST', path, { token: center, body });
  expect(loaded.status).toBe(200);
  expect(loaded.body).toMatchObject({ year: 2027, basis: 'deployment' });
  expect(loaded.body.moved).toContainEqual({
    orderId,
    previousDeadline: '2027-02-09T09:30:00.000Z',
    deadline: '2027-02-12T09:30:00.000Z',
  });
  const agent = await t.token('agent', '赣');
  const order = (await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).body;
  expect(order.deadline).toBe('2027-02-12T09:30:00.000Z');
  expect(order.history.at(-1)).toMatchObject({
    action: 'deadline_moved',
    details: { year: 2027, calendar: 'deployment', previousDeadline: '2027-02-09T09:30:00.000Z' },
  });
  // Loading it again moves nothing twice.
  expect((await t.call('POST', path, { token: center, body })).body.moved).toEqual([]);

  // The ladder follows: no level 1 at the old deadline, level 1 at the new one.
  await t.advance({ to: '2027-02-09T09:31:00Z' });
  expect(await mailsFor(orderId)).not.toContain('level1');
  expect((await t.call('GET', `/v1/orders/${orderId}`, { token: agent })).body.late).toBe(false);
  await t.advance({ to: '2027-02-12T09:31:00Z' });
  expect(await mailsFor(orderId)).toContain('level1');
  // A new order counts on the loaded year: Sat 13 Feb is a working day.
  expect((await newOrder(t)).deadline).toBe('2027-02-13T09:30:00.000Z');
});

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

test('a year as the State Council publishes it: a holiday’s weekend days are accepted; a 补班 on a weekday, a date both off and on, outside the year or no date is 422 naming it', async () => {
  const center = await t.token('supervisor', '赣');
  const load = (body: { holidays: string[]; workdays: string[] }) =>
    t.call('POST', '/v1/admin/calendar/2028', { token: center, body });
  // 国庆 2028 as a notice lists it: 1-7 October, Sunday 1 and Saturday 7 included; 补班 Sat 30 Sept, Sun 8 Oct.
  const nationalDay = {
    holidays: [
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
      '2028-10-04',
      '2028-10-05',
      '2028-10-06',
      '2028-10-07',
    ],
    workdays: ['2028-09-30', '2028-10-08'],
  };
  const refused: Array<[{ holidays: string[]; workdays: string[] }, string]> = [
    [{ ...nationalDay, workdays: ['2028-09-30', '2028-10-09'] }, '2028-10-09'], // a Monday
    [{ ...nationalDay, workdays: ['2028-09-30', '2028-10-07'] }, '2028-10-07'], // off and on
    [{ ...nationalDay, holidays: [...nationalDay.holidays, '2027-12-31'] }, '2027-12-31'],
    [{ ...nationalDay, holidays: [...nationalDay.holidays, '2029-01-01'] }, '2029-01-01'],
    [{ ...nationalDay, holidays: [...nationalDay.holidays, '2028-02-30'] }, '2028-02-30'],
    [{ ...nationalDay, holidays: [...nationalDay.holidays, '2028-2-3'] }, '2028-2-3'],
    [{ ...nationalDay, workdays: [...nationalDay.workdays, '30/09/2028'] }, '30/09/2028'],
  ];
  for (const [body, date] of refused) {
    const reply = await load(body);
    expect([date, reply.status]).toEqual([date, 422]);
    expect([date, JSON.stringify(reply.body.error)]).toEqual([date, expect.stringContaining(`"${date}`)]);
    expect(reply.body.error.details).toContainEqual(expect.objectContaining({ date }));
  }
  const loaded = await load(nationalDay);
  expect(loaded.status).toBe(200);
  expect(loaded.body).toMatchObject({ year: 2028, basis: 'deployment' });
});

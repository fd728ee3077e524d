import { readFileSync } from 'node:fs';
import { CourtDirectory } from '../../domain/courts';
import { WorkingCalendar } from '../../domain/working-days';
import type { ApiClient } from '../../sim/api-client';
import { compareReports, everyFilter, mismatches, sampleCourts } from '../../sim/compare';
import { simulate } from '../../sim/simulator';
import { startTestStack, type TestStack } from '../support/local';

/**
 * The proof: after `simulate --months 2 --scale 0.05` (about 2,400 requests and 130 orders
 * through the API, two simulated months), every figure of the reports equals the simulator's own
 * count, for the province, every intermediate court and a sample of basic courts, monthly and on a
 * sample of days.
 */
let t: TestStack;
beforeAll(async () => {
  // In memory: the same dynalite engine, without LevelDB's disk work (the test never restarts it).
  t = await startTestStack({ memory: true });
});
afterAll(() => t.stop());

test('every reported figure equals what the simulator did', async () => {
  const courts = CourtDirectory.fromCsv(readFileSync('config/courts.csv', 'utf8'));
  const api: ApiClient = {
    url: t.stack.url,
    call: (method, path, options = {}) => t.call(method, path, options),
    token: (role, court, sub, unit) => t.token(role, court, sub, unit),
    now: async () => t.stack.clock.now(),
    advanceTo: (at) => t.advance({ to: at.toISOString() }),
    close: async () => {},
  };
  const result = await simulate({ months: 2, scale: 0.05, api, courts, calendar: new WorkingCalendar() });

  // The run exercised what the figures are about.
  expect(result.did.requests).toBe(2358);
  const exercised = [
    'orders',
    'replied_late',
    'returned',
    'extended',
    'reopened',
    'rated_by_sms',
    'closed_unreachable',
    'escalation_level3',
    // Issue 9: what a court could game, and the firewall at every level.
    'extension_too_late',
    'extended_after_deadline',
    'return_approved',
    'return_approved_by_dispatch',
    'return_rejected',
    'return_rejected_by_dispatch',
    'reply_rejected',
    'urged',
    'routed_by_override',
    'firewalled_about_basic',
    'firewalled_about_intermediate',
    'firewalled_about_high',
  ];
  expect(exercised.filter((what) => !result.did[what])).toEqual([]);

  const sample = sampleCourts(courts);
  const days = result.days.filter((_, i) => i % 5 === 2);
  const rows = await compareReports(api, result.tally, [...result.months, ...days], sample);
  expect(rows.length).toBeGreaterThan(10_000);
  expect(mismatches(rows)).toEqual([]);
  // Each category and channel filter, monthly, for the province and one region.
  const filtered = await compareReports(api, result.tally, result.months, ['赣', '赣11'], everyFilter());
  expect(mismatches(filtered)).toEqual([]);
}, 600_000);

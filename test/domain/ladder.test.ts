import { ladderFor, workingDaysLate } from '../../domain/ladder';
import { formatShanghai, WorkingCalendar } from '../../domain/working-days';

const calendar = new WorkingCalendar();

test('the ladder of a 1-working-day order dispatched Monday 09:00', () => {
  const start = new Date('2026-11-23T01:00:00Z'); // Mon 09:00 Shanghai
  const deadline = calendar.addWorkingDays(start, 1); // Tue 17:30
  const steps = ladderFor(calendar, start, deadline).map((s) => [
    s.step,
    formatShanghai(s.at),
    formatShanghai(s.sendAt),
  ]);
  // 1050 working minutes allowed; 75% is 787.5 -> 788 minutes: Mon 09:00 + 510 = 17:30, + 278 = Tue 13:08.
  expect(steps).toEqual([
    ['warning', '2026-11-24 13:08', '2026-11-24 13:08'],
    ['level1', '2026-11-24 17:30', '2026-11-24 17:30'],
    ['level2', '2026-11-25 17:30', '2026-11-25 17:30'],
    ['level3', '2026-11-27 17:30', '2026-11-27 17:30'],
  ]);
});

test('steps over a weekend and a holiday count working days only', () => {
  const start = new Date('2026-09-30T01:00:00Z'); // Wed 30 Sep 2026, before National Day
  const deadline = calendar.addWorkingDays(start, 1);
  // National Day 2026 is 1-7 October.
  expect(formatShanghai(deadline)).toBe('2026-10-08 17:30');
  const at = Object.fromEntries(
    ladderFor(calendar, start, deadline).map((s) => [s.step, formatShanghai(s.at)]),
  );
  expect(at.level2).toBe('2026-10-09 17:30');
  // Three working days late: Fri 9, the make-up Saturday 10, Mon 12.
  expect(at.level3).toBe('2026-10-12 17:30');
});

test('working days late, for the emails', () => {
  const deadline = new Date('2026-11-24T09:30:00Z');
  expect(workingDaysLate(calendar, deadline, new Date('2026-11-24T09:00:00Z'))).toBe(0);
  expect(workingDaysLate(calendar, deadline, new Date('2026-11-25T02:00:00Z'))).toBe(1);
  expect(workingDaysLate(calendar, deadline, new Date('2026-11-27T09:30:00Z'))).toBe(3);
});

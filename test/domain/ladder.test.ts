import { ladderFor, resumedLadderFor, workingDaysLate } from '../../domain/ladder';
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

test('a late round extended after its deadline: nothing until the new deadline, then the next level on', () => {
  const deadline = new Date('2026-11-26T09:30:00Z'); // Thu 17:30, the extended deadline
  const steps = (reached: 0 | 1 | 2 | 3) =>
    resumedLadderFor(calendar, deadline, reached).map((s) => `${s.step} ${formatShanghai(s.at)}`);
  // Level 1 reached: level 2 at the new deadline, level 3 two working days after (over the weekend).
  expect(steps(1)).toEqual(['level2 2026-11-26 17:30', 'level3 2026-11-30 17:30']);
  expect(steps(2)).toEqual(['level3 2026-11-26 17:30']);
  expect(steps(3)).toEqual([]);
  // Late, the level-1 step not yet sent: no warning on a late order, level 1 at the new deadline.
  expect(steps(0)).toEqual(['level1 2026-11-26 17:30', 'level2 2026-11-27 17:30', 'level3 2026-12-01 17:30']);
});

import { addDays, addMonths, formatShanghai, WorkingCalendar } from '../../domain/working-days';

const calendar = new WorkingCalendar();
const at = (iso: string) => new Date(iso);

describe('the mainland working calendar', () => {
  test('2026 Spring Festival: 15-23 Feb off, Saturdays 14 and 28 Feb are working days', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(calendar.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.basisOf(2026)).toBe('official');
  });

  test('a deadline is 17:30 Shanghai of the n-th working day after the day it starts', () => {
    // Friday 13 Feb 2026, 10:00 Shanghai: the next working day is the make-up Saturday.
    expect(formatShanghai(calendar.addWorkingDays(at('2026-02-13T02:00:00Z'), 1))).toBe('2026-02-14 17:30');
    // From the make-up Saturday, the holiday is skipped whole.
    expect(formatShanghai(calendar.addWorkingDays(at('2026-02-14T02:00:00Z'), 1))).toBe('2026-02-24 17:30');
    // Late on a Friday (23:00 Shanghai is still Friday): 3 working days reach Wednesday.
    expect(formatShanghai(calendar.addWorkingDays(at('2026-11-27T15:00:00Z'), 3))).toBe('2026-12-02 17:30');
    // Stored in UTC: 17:30 Shanghai is 09:30Z.
    expect(calendar.addWorkingDays(at('2026-11-23T01:00:00Z'), 1).toISOString()).toBe(
      '2026-11-24T09:30:00.000Z',
    );
  });

  test('a year the package does not know falls back to the documented rule, and says so', () => {
    expect(calendar.basisOf(2027)).toBe('fallback');
    // Lunar new year 2027 is Sat 6 Feb: the eve (Fri 5) to the 3rd day (Mon 8) off, four days;
    // the 4th day (Tue 9) is a working day on the fallback. No make-up days known.
    expect(['2027-02-05', '2027-02-08', '2027-02-09'].map((d) => calendar.isWorkingDay(d))).toEqual([
      false,
      false,
      true,
    ]);
    // Thu 4 Feb + 1 working day: Tue 9 Feb (not Wed 10).
    expect(formatShanghai(calendar.addWorkingDays(at('2027-02-04T02:00:00Z'), 1))).toBe('2027-02-09 17:30');
    expect(calendar.isWorkingDay('2027-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2027-10-04')).toBe(true);
    expect(calendar.basesBetween(at('2026-12-30T01:00:00Z'), at('2027-01-05T09:30:00Z'))).toEqual([
      'official',
      'fallback',
    ]);
  });

  test("a deployment's own year replaces the fallback", () => {
    const own = new WorkingCalendar({ '2027': { holidays: ['2027-02-10'], workdays: ['2027-02-06'] } });
    expect(own.basisOf(2027)).toBe('deployment');
    expect(own.isWorkingDay('2027-02-10')).toBe(false);
    expect(own.isWorkingDay('2027-02-06')).toBe(true);
    expect(own.isWorkingDay('2027-02-08')).toBe(true);
  });

  test('working minutes and working hours', () => {
    // Thursday 09:00 to Friday 17:30 Shanghai: 510 + 540 minutes.
    expect(calendar.workingMinutesBetween(at('2026-11-26T01:00:00Z'), at('2026-11-27T09:30:00Z'))).toBe(1050);
    // Two working hours from Friday 16:00 end Monday 09:00.
    expect(formatShanghai(calendar.addWorkingMinutes(at('2026-11-27T08:00:00Z'), 120))).toBe(
      '2026-11-30 09:00',
    );
    // Saturday 10:00 moves to Monday 08:30; 17:30 itself is still in working hours.
    expect(formatShanghai(calendar.nextWorkingMoment(at('2026-11-28T02:00:00Z')))).toBe('2026-11-30 08:30');
    expect(formatShanghai(calendar.nextWorkingMoment(at('2026-11-27T09:30:00Z')))).toBe('2026-11-27 17:30');
    expect(formatShanghai(calendar.nextWorkingMoment(at('2026-11-27T09:31:00Z')))).toBe('2026-11-30 08:30');
  });
});

test('calendar arithmetic on dates and months, across year ends', () => {
  expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  expect(addMonths('2026-12', 1)).toBe('2027-01');
  expect(addMonths('2027-01', -1)).toBe('2026-12');
  expect(addMonths('2026-11', -23)).toBe('2024-12');
});

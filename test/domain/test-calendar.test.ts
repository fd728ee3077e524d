import { addDays, shanghaiDate, WorkingCalendar } from '../../domain/working-days';
import { HOLIDAY_MONDAYS, PLAIN_MONDAY } from '../support/local';

/**
 * The dates the suite pins (issue 19) are what their names say, on the calendar the product uses:
 * a test that counts working days from PLAIN_MONDAY meets no holiday, and each holiday Monday
 * meets its holiday within two weeks.
 */
const calendar = new WorkingCalendar();
const offDays = (from: Date, days: number) =>
  Array.from({ length: days }, (_, i) => addDays(shanghaiDate(from), i)).filter(
    (d) => !calendar.isWorkingDay(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
  );

test('PLAIN_MONDAY starts four weeks with no holiday and no 调休', () => {
  expect(PLAIN_MONDAY.toISOString()).toBe('2026-03-09T01:00:00.000Z'); // 09:00 Shanghai
  expect(new Date(PLAIN_MONDAY.getTime() + 8 * 3600_000).getUTCDay()).toBe(1);
  const days = Array.from({ length: 28 }, (_, i) => addDays('2026-03-09', i));
  for (const d of days) {
    const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect([d, calendar.isWorkingDay(d)]).toEqual([d, !weekend]);
  }
});

test('each holiday Monday runs into its holiday within two weeks', () => {
  expect(offDays(HOLIDAY_MONDAYS.qingming, 14)).toEqual(['2026-04-06']);
  expect(offDays(HOLIDAY_MONDAYS.labourDay, 14)).toEqual(['2026-05-01', '2026-05-04', '2026-05-05']);
  expect(offDays(HOLIDAY_MONDAYS.nationalDay, 14)).toEqual(['2026-09-25', '2026-10-01', '2026-10-02']);
  expect(offDays(HOLIDAY_MONDAYS.newYear2027, 14)).toEqual(['2027-01-01']);
  for (const monday of Object.values(HOLIDAY_MONDAYS)) {
    expect(new Date(monday.getTime() + 8 * 3600_000).getUTCDay()).toBe(1);
  }
});

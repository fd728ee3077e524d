import { createRequire } from 'node:module';
import { join } from 'node:path';

type ChineseDays = typeof import('chinese-days').default;
let official: ChineseDays | null = null;
/**
 * chinese-days, loaded on first use rather than at cold start (it spends ~10 ms of CPU building its
 * tables, and most calls compute no deadline). Required synchronously, as the calendar is, from the
 * function's root: on Lambda the asset ships it beside the handler (infra/constructs/minyi-function.ts),
 * elsewhere the project's node_modules.
 */
function chineseDays(): ChineseDays {
  official ??= createRequire(join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'index.js'))(
    'chinese-days',
  ) as ChineseDays;
  return official;
}

/**
 * Working days and working hours on the mainland calendar, in Asia/Shanghai (UTC+8, no DST).
 *
 * Where the calendar comes from, year by year (`basisOf`):
 * - `official`: the State Council's announcement as packaged by `chinese-days` (2004-2026 today),
 *   with its adjusted working days (调休).
 * - `deployment`: a year the deployment supplies itself (`config/calendar.json`), as soon as the
 *   State Council publishes it each winter.
 * - `fallback`: neither knows the year. Then weekends are off, and so are the statutory holidays
 *   of the 2025 regulations on their own dates (元旦 Jan 1; 春节 the lunar new year's eve to the
 *   3rd; 清明 the Qingming solar term; 劳动节 May 1-2; 端午 lunar 5/5; 中秋 lunar 8/15; 国庆 Oct 1-3),
 *   with no adjusted working days. Deadlines computed this way say so in the order's history.
 */
export type CalendarBasis = 'official' | 'deployment' | 'fallback';

export interface DeploymentYear {
  /** Days off that would otherwise be working days, `YYYY-MM-DD`. */
  holidays: string[];
  /** Weekend days that are working days (调休). */
  workdays: string[];
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** Working hours: 08:30 to 17:30, Shanghai time. A deadline is the end of a working day. */
const DAY_START_MIN = 8 * 60 + 30;
const DAY_END_MIN = 17 * 60 + 30;
export const WORKING_MINUTES_PER_DAY = DAY_END_MIN - DAY_START_MIN;

export class WorkingCalendar {
  private readonly basisCache = new Map<number, CalendarBasis>();
  private readonly fallbackHolidays = new Map<number, Set<string>>();

  constructor(private readonly deploymentYears: Record<string, DeploymentYear> = {}) {}

  /**
   * Loads a year the State Council has just published into a running calendar (no redeploy):
   * from now on that year counts by it. Deadlines already computed are not touched here: see
   * domain/order-clock.ts#rescheduleForCalendar.
   */
  loadYear(year: number, data: DeploymentYear): void {
    this.deploymentYears[String(year)] = { holidays: [...data.holidays], workdays: [...data.workdays] };
    this.basisCache.delete(year);
  }

  /** The year as this calendar holds it, when the deployment supplied it. */
  deploymentYear(year: number): DeploymentYear | undefined {
    return this.deploymentYears[String(year)];
  }

  basisOf(year: number): CalendarBasis {
    let basis = this.basisCache.get(year);
    if (!basis) {
      if (this.deploymentYears[String(year)]) basis = 'deployment';
      else basis = packageKnows(year) ? 'official' : 'fallback';
      this.basisCache.set(year, basis);
    }
    return basis;
  }

  isWorkingDay(date: string): boolean {
    const year = Number(date.slice(0, 4));
    switch (this.basisOf(year)) {
      case 'official':
        return chineseDays().isWorkday(date);
      case 'deployment': {
        const y = this.deploymentYears[String(year)]!;
        if (y.workdays.includes(date)) return true;
        if (y.holidays.includes(date)) return false;
        return !isWeekend(date);
      }
      case 'fallback':
        return !isWeekend(date) && !this.fallbackHolidaysOf(year).has(date);
    }
  }

  /** The working days on which `from` (exclusive) .. `to` (inclusive) rely, by basis. */
  basesBetween(from: Date, to: Date): CalendarBasis[] {
    const out = new Set<CalendarBasis>();
    for (let y = shanghaiYear(from); y <= shanghaiYear(to); y++) out.add(this.basisOf(y));
    return [...out];
  }

  /**
   * The end (17:30) of the `days`-th working day after `from`. The day of `from` itself never
   * counts, as with any time limit set by rule: 1 working day from Friday 10:00 is Monday 17:30.
   */
  addWorkingDays(from: Date, days: number): Date {
    let date = shanghaiDate(from);
    let left = days;
    while (left > 0) {
      date = nextDate(date);
      if (this.isWorkingDay(date)) left--;
    }
    return endOfDay(date);
  }

  /** Working minutes between two instants (0 if `to` is not after `from`). */
  workingMinutesBetween(from: Date, to: Date): number {
    let total = 0;
    for (let date = shanghaiDate(from); endOfDayUtc(date) <= to.getTime() + DAY_MS; date = nextDate(date)) {
      if (!this.isWorkingDay(date)) continue;
      const start = Math.max(startOfDayUtc(date), from.getTime());
      const end = Math.min(endOfDayUtc(date), to.getTime());
      if (end > start) total += (end - start) / 60_000;
    }
    return total;
  }

  /** The instant `minutes` working minutes after `from`. */
  addWorkingMinutes(from: Date, minutes: number): Date {
    let left = minutes;
    let cursor = this.nextWorkingMoment(from);
    for (;;) {
      const date = shanghaiDate(cursor);
      const room = (endOfDayUtc(date) - cursor.getTime()) / 60_000;
      if (left <= room) return new Date(cursor.getTime() + left * 60_000);
      left -= room;
      cursor = this.nextWorkingMoment(new Date(endOfDayUtc(date) + 1));
    }
  }

  /** `at` if it falls in working hours (17:30 included), else 08:30 of the next working day. */
  nextWorkingMoment(at: Date): Date {
    let date = shanghaiDate(at);
    const t = at.getTime();
    if (this.isWorkingDay(date) && t <= endOfDayUtc(date)) {
      return new Date(Math.max(t, startOfDayUtc(date)));
    }
    do date = nextDate(date);
    while (!this.isWorkingDay(date));
    return new Date(startOfDayUtc(date));
  }

  private fallbackHolidaysOf(year: number): Set<string> {
    let days = this.fallbackHolidays.get(year);
    if (!days) {
      days = new Set([`${year}-01-01`, `${year}-05-01`, `${year}-05-02`, `${year}-10-01`, `${year}-10-02`]);
      days.add(`${year}-10-03`);
      const lunarNewYear = chineseDays().getSolarDateFromLunar(`${year}-01-01`).date;
      // 春节: the lunar new year's eve to the 3rd day, four days.
      let d = addDays(lunarNewYear, -1);
      for (let i = 0; i < 4; i++, d = nextDate(d)) days.add(d);
      days.add(chineseDays().getSolarDateFromLunar(`${year}-05-05`).date);
      days.add(chineseDays().getSolarDateFromLunar(`${year}-08-15`).date);
      days.add(qingming(year));
      this.fallbackHolidays.set(year, days);
    }
    return days;
  }
}

const DAY_MS = 86_400_000;

/** One date of a year's schedule that cannot be loaded, and why. */
export interface CalendarDateProblem {
  date: string;
  problem: string;
}

/**
 * What is wrong with a year's schedule as published: every date that is not a calendar date of
 * that year, is both a holiday and a working day, or is an adjusted working day (调休, 补班) on a
 * weekday (only a weekend day can be made a working day). A holiday may fall on a weekend: the
 * State Council's notices list a holiday's whole span (国庆 1-7 October), weekend days included,
 * and a weekend day off is off either way. Empty when nothing is wrong.
 */
export function calendarYearProblems(year: number, data: DeploymentYear): CalendarDateProblem[] {
  const problems: CalendarDateProblem[] = [];
  const isDate = (d: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  const check = (d: string, kind: 'holiday' | 'working day') => {
    if (!isDate(d)) problems.push({ date: d, problem: `${d} is not a date (YYYY-MM-DD)` });
    else if (!d.startsWith(`${year}-`)) problems.push({ date: d, problem: `${d} is not a date of ${year}` });
    else if (kind === 'working day' && data.holidays.includes(d))
      problems.push({ date: d, problem: `${d} is both a holiday and a working day` });
    else if (kind === 'working day' && !isWeekend(d))
      problems.push({
        date: d,
        problem: `${d} is a weekday: only a weekend day can be made a working day (补班)`,
      });
  };
  for (const d of data.holidays) check(d, 'holiday');
  for (const d of data.workdays) check(d, 'working day');
  return problems;
}

function packageKnows(year: number): boolean {
  // chinese-days treats years it has no data for as weekends-only, silently; a year it knows
  // always has public holidays in it.
  return chineseDays().getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

function qingming(year: number): string {
  // Qingming is a solar term (April 4 or 5); the usual 21st-century formula for its day.
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

function isWeekend(date: string): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/** The Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai month of an instant, `YYYY-MM`. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

function shanghaiYear(at: Date): number {
  return Number(shanghaiDate(at).slice(0, 4));
}

/** Shanghai wall-clock text for emails and reports: `2026-11-26 17:30`. */
export function formatShanghai(at: Date | string): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  return new Date(t.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The UTC instant that starts a Shanghai calendar day (00:00 +08:00). */
export function startOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

function startOfDayUtc(date: string): number {
  return startOfShanghaiDay(date).getTime() + DAY_START_MIN * 60_000;
}

function endOfDayUtc(date: string): number {
  return startOfShanghaiDay(date).getTime() + DAY_END_MIN * 60_000;
}

function endOfDay(date: string): Date {
  return new Date(endOfDayUtc(date));
}

/** The calendar date `days` after (or before) a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The month `months` after (or before) a `YYYY-MM` month. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const nextDate = (date: string) => addDays(date, 1);

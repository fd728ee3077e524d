import type { Staff } from '../domain/access';
import { forbidden, Refusal } from '../domain/errors';
import { rescheduleForCalendar } from '../domain/order-clock';
import { calendarYearProblems, type DeploymentYear } from '../domain/working-days';
import { changeOrder } from './change-order';
import type { Services } from './context';

export interface CalendarLoad {
  year: number;
  basis: string;
  /** The open orders whose future deadlines moved, each with a `deadline_moved` line of history. */
  moved: Array<{ orderId: string; previousDeadline: string | null; deadline: string | null }>;
}

/**
 * Loads a year's holidays and adjusted working days as the State Council publishes them each
 * November, into the running deployment: stored in the table (every function reads it, see
 * syncCalendar), applied to this process's calendar, then every open order's future deadlines and
 * ladder are recomputed by the rules that set them. The high court's supervisors (the center) may
 * do it. Loading the same year again, or again after a crash, moves only what is still to move.
 */
export async function loadCalendarYear(
  s: Services,
  staff: Staff,
  year: number,
  data: DeploymentYear,
): Promise<CalendarLoad> {
  // The center's business (the high court's supervisors): no order is involved, so a plain 403
  // for anyone else.
  if (staff.role !== 'supervisor' || staff.court !== s.courts.highCourt.code)
    throw forbidden("only the high court's supervisors may load a year's calendar");
  const problems = calendarYearProblems(year, data);
  if (problems.length > 0)
    throw new Refusal('invalid', 'invalid_calendar', problems.map((p) => p.problem).join('; '), problems);
  await s.calendarYears.put({
    year,
    holidays: [...data.holidays].sort(),
    workdays: [...data.workdays].sort(),
    loadedAt: s.clock.now().toISOString(),
    loadedBy: staff.sub,
  });
  s.calendar.loadYear(year, data);
  synced.set(s, Date.now());
  const moved: CalendarLoad['moved'] = [];
  for await (const open of s.orders.listOpen()) {
    const next = await changeOrder(
      s,
      open.orderId,
      () => {},
      (order, ctx) => rescheduleForCalendar(order, ctx, year),
    );
    const line = next.history.at(-1);
    if (next.version !== open.version && line?.action === 'deadline_moved') {
      moved.push({
        orderId: next.orderId,
        previousDeadline: (line.details?.previousDeadline as string | null) ?? null,
        deadline: (line.details?.deadline as string | null) ?? null,
      });
    }
  }
  return { year, basis: s.calendar.basisOf(year), moved };
}

/** How often a process re-reads the loaded years (real time): a new year reaches every function within it. */
const SYNC_EVERY_MS = 60_000;
const synced = new WeakMap<Services, number>();

/**
 * Brings this process's calendar up to the years loaded at run time (by any process), at most
 * once a minute. Called before anything computes a deadline.
 */
export async function syncCalendar(s: Services): Promise<void> {
  const last = synced.get(s);
  if (last !== undefined && Date.now() - last < SYNC_EVERY_MS) return;
  synced.set(s, Date.now());
  for (const stored of await s.calendarYears.list()) {
    const known = s.calendar.deploymentYear(stored.year);
    const same =
      known &&
      JSON.stringify([[...known.holidays].sort(), [...known.workdays].sort()]) ===
        JSON.stringify([stored.holidays, stored.workdays]);
    if (!same) s.calendar.loadYear(stored.year, stored);
  }
}

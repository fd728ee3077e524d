import type { WorkingCalendar } from './working-days';
import { WORKING_MINUTES_PER_DAY } from './working-days';

/**
 * The escalation ladder for anything with a deadline (a court's reply, the center's callback,
 * a re-dispatch, a supervisor's review): a warning at 75% of the time allowed, level 1 at the
 * deadline, level 2 one working day late, level 3 three working days late. Times are counted in
 * working time, and a step that would fall outside working hours goes out at the start of the
 * next working day.
 */
export type LadderStep = 'warning' | 'level1' | 'level2' | 'level3';

/** What an order's clock sends: the notice that a stage has begun, then the ladder. */
export type ClockStep = 'notice' | LadderStep;

export const STEP_LEVEL: Record<ClockStep, 0 | 1 | 2 | 3> = {
  notice: 0,
  warning: 0,
  level1: 1,
  level2: 2,
  level3: 3,
};

export const STEP_LABEL: Record<ClockStep, string> = {
  notice: '新工单',
  warning: '预警',
  level1: '一级督办',
  level2: '二级督办',
  level3: '三级通报',
};

export interface ScheduledStep {
  step: ClockStep;
  /** When the step falls due (the deadline itself for level 1). */
  at: Date;
  /** When its email goes out: `at`, moved into working hours. */
  sendAt: Date;
}

const WARNING_SHARE = 0.75;
const LEVEL2_LATE_DAYS = 1;
const LEVEL3_LATE_DAYS = 3;
/** Working days after the deadline at which each level falls due. */
const LATE_DAYS: Record<1 | 2 | 3, number> = { 1: 0, 2: LEVEL2_LATE_DAYS, 3: LEVEL3_LATE_DAYS };

export function ladderFor(calendar: WorkingCalendar, start: Date, deadline: Date): ScheduledStep[] {
  const allowed = calendar.workingMinutesBetween(start, deadline);
  // Round to whole minutes so the schedule is the same however often it is computed.
  const warningAt = calendar.addWorkingMinutes(start, Math.max(1, Math.round(allowed * WARNING_SHARE)));
  const steps: Array<[LadderStep, Date]> = [
    ['warning', warningAt < deadline ? warningAt : deadline],
    ['level1', deadline],
    ['level2', calendar.addWorkingDays(deadline, LEVEL2_LATE_DAYS)],
    ['level3', calendar.addWorkingDays(deadline, LEVEL3_LATE_DAYS)],
  ];
  return steps.map(([step, at]) => ({ step, at, sendAt: calendar.nextWorkingMoment(at) }));
}

/**
 * The ladder of a round that had already missed its deadline, at level `reached`, when an extension
 * approved afterwards moved it to `deadline` (DOMAIN.md): the lateness and its level stand, so
 * nothing is sent again (no warning on a late order) and nothing climbs while the extension runs;
 * missed again, the new deadline brings the next level, and the levels after it keep their spacing
 * (level 3 two working days after level 2). Nothing is left after level 3.
 */
export function resumedLadderFor(
  calendar: WorkingCalendar,
  deadline: Date,
  reached: 0 | 1 | 2 | 3,
): ScheduledStep[] {
  const levels = ([1, 2, 3] as const).filter((level) => level > reached);
  const first = levels[0];
  if (first === undefined) return [];
  return levels.map((level) => {
    const at = calendar.addWorkingDays(deadline, LATE_DAYS[level] - LATE_DAYS[first]);
    return { step: `level${level}` as LadderStep, at, sendAt: calendar.nextWorkingMoment(at) };
  });
}

/** Whole working days by which `now` is past `deadline` (0 when not late), for emails. */
export function workingDaysLate(calendar: WorkingCalendar, deadline: Date, now: Date): number {
  if (now <= deadline) return 0;
  return Math.ceil(calendar.workingMinutesBetween(deadline, now) / WORKING_MINUTES_PER_DAY);
}

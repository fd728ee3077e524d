import type { StaffRole } from './access';
import type { CourtDirectory } from './courts';
import type { ClockStep } from './ladder';
import type { Order } from './order';

/**
 * Who hears of what happens to an order: the one place for DOMAIN.md's ladder recipients.
 *
 * A court's people are its ordinary handlers and supervisors, and two units named in the staff
 * directory (config/staff.csv, column `unit`):
 * - `supervision`: the court's supervision office (督察/监察). A firewalled order (a complaint, an
 *   interference report) is the office's business at every court it reaches: its notices and its
 *   whole ladder go to the office, never to the ordinary handlers.
 * - `leadership`: the center's leadership, at the high court, told at level 3 (通报).
 *
 * Each level reaches someone the previous level did not (DOMAIN.md, the ladder):
 * - the court's reply: notice and warning to the handling court's handlers, level 1 its
 *   supervisors, level 2 the superior court's supervisors (the center's leadership when the high
 *   court itself handles the order: nothing stands above it), level 3 the high court's supervisors
 *   and the center's leadership;
 * - a reopened round copies the supervising court's supervisors on every step, so its level 2
 *   climbs past them: to the court above (the high court's supervisors for a basic court's order);
 * - a review (after the 2nd reopen): announced at once, and warned, to the superior court's
 *   supervisors, who must close it; level 1 climbs past them to the court above them, level 2 to
 *   the next rung (the center's leadership at the top), level 3 as above;
 * - the center's callback and re-dispatch: agents, the center's supervisors, its leadership, then
 *   the high court's supervisors with the leadership.
 * At the top of the hierarchy (an intermediate court's reopened round) level 3 can only repeat the
 * high court's supervisors and leadership: nobody stands above them.
 */
export type Unit = 'supervision' | 'leadership';

export interface Audience {
  court: string;
  role: StaffRole;
  /** null: the court's ordinary staff. */
  unit: Unit | null;
}

export function audiencesFor(courts: CourtDirectory, order: Order, step: ClockStep): Audience[] {
  const high = courts.highCourt.code;
  const leadership: Audience = { court: high, role: 'supervisor', unit: 'leadership' };
  if (order.stage === 'callback' || order.stage === 'redispatch') {
    if (step === 'notice' || step === 'warning') return [{ court: high, role: 'agent', unit: null }];
    if (step === 'level1') return [{ court: high, role: 'supervisor', unit: null }];
    if (step === 'level2') return [leadership];
    return [{ court: high, role: 'supervisor', unit: null }, leadership];
  }
  const unit = officeOf(order);
  const owner = order.stage === 'review' ? courts.superiorOf(order.courtCode).code : order.courtCode;
  const copied = order.stage === 'reply' ? supervisingAudience(order) : null;
  const withCopy = (out: Audience[]) => (copied ? union(out, [copied]) : out);
  const first = withCopy([{ court: owner, role: order.stage === 'review' ? 'supervisor' : 'handler', unit }]);
  if (step === 'notice' || step === 'warning') return first;
  // 通报: the high court's center, its leadership included, whatever came before.
  if (step === 'level3') return withCopy([{ court: high, role: 'supervisor', unit }, leadership]);
  // Levels 1 and 2 climb the chain of supervisors above the owner, then the center's leadership,
  // each to the first rung that reaches someone the step before did not: a rung already reached
  // (the supervising court a reopened round copies, the supervisors a review is announced to) is
  // climbed past.
  const chain: Audience[][] = [
    ...courts.lineage(owner).map((c) => [{ court: c.code, role: 'supervisor' as const, unit }]),
    [leadership],
  ];
  let before = first;
  let rung = -1;
  for (const level of ['level1', 'level2'] as const) {
    rung = climb(chain, rung + 1, before, withCopy);
    before = withCopy(chain[rung]!);
    if (level === step) return before;
  }
  return before;
}

/** The first rung from `from` on that reaches someone `before` did not (the top one when none does). */
function climb(
  chain: Audience[][],
  from: number,
  before: Audience[],
  withCopy: (out: Audience[]) => Audience[],
): number {
  const last = chain.length - 1;
  for (let i = Math.min(from, last); i <= last; i++) {
    if (withCopy(chain[i]!).some((a) => !before.some((b) => sameAudience(a, b)))) return i;
  }
  return last;
}

const sameAudience = (a: Audience, b: Audience) =>
  a.court === b.court && a.role === b.role && a.unit === b.unit;

function union(a: Audience[], b: Audience[]): Audience[] {
  return [...a, ...b.filter((x) => !a.some((y) => sameAudience(x, y)))];
}

/** Who the center's urging (催办) reaches: the handling court's handlers, and a reopened order's supervisors. */
export function courtAudiences(order: Order): Audience[] {
  const out: Audience[] = [{ court: order.courtCode, role: 'handler', unit: officeOf(order) }];
  const supervising = supervisingAudience(order);
  return supervising ? [...out, supervising] : out;
}

/** An extension's decision is announced to the court that asked and to those who decided. */
export function extensionAudiences(order: Order): Audience[] {
  return [
    { court: order.courtCode, role: 'handler', unit: officeOf(order) },
    { court: order.courtCode, role: 'supervisor', unit: officeOf(order) },
  ];
}

/**
 * A court's request for more time goes to those who may approve it (DOMAIN.md: a supervisor of that
 * court or above): the court's supervisors, of its supervision office for a firewalled order; a
 * court with none reaches the nearest court above that has some (services/escalation-mail.ts).
 */
export function extensionRequestAudiences(order: Order): Audience[] {
  return [{ court: order.courtCode, role: 'supervisor', unit: officeOf(order) }];
}

/** A firewalled order is the supervision office's business wherever it goes. */
export function officeOf(order: Pick<Order, 'firewalled'>): Unit | null {
  return order.firewalled ? 'supervision' : null;
}

function supervisingAudience(order: Order): Audience | null {
  if (!order.supervisingCourtCode || order.reopenCount === 0 || order.status === 'closed') return null;
  return { court: order.supervisingCourtCode, role: 'supervisor', unit: officeOf(order) };
}

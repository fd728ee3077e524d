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
 * Each level reaches someone the previous level did not:
 * - the court's reply: notice and warning to the handling court's handlers, level 1 its
 *   supervisors, level 2 the superior court's supervisors (the center's leadership when the high
 *   court itself handles the order: nothing stands above it), level 3 the high court's supervisors
 *   and the center's leadership;
 * - a review (after the 2nd reopen): announced at once to the superior court's supervisors, who
 *   must close it, then up as above;
 * - the center's callback and re-dispatch: agents, the center's supervisors, its leadership, then
 *   the high court's supervisors with the leadership.
 * A reopened order's round copies the supervising court's supervisors on every step.
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
  const people = (court: string, role: StaffRole): Audience => ({ court, role, unit });
  let out: Audience[];
  if (step === 'notice' || step === 'warning')
    out = [people(owner, order.stage === 'review' ? 'supervisor' : 'handler')];
  else if (step === 'level1') out = [people(owner, 'supervisor')];
  else if (step === 'level2')
    out = owner === high ? [leadership] : [people(courts.superiorOf(owner).code, 'supervisor')];
  else out = [people(high, 'supervisor'), leadership];
  const supervising = supervisingAudience(order);
  return supervising && order.stage === 'reply' ? [...out, supervising] : out;
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

/** A firewalled order is the supervision office's business wherever it goes. */
export function officeOf(order: Pick<Order, 'firewalled'>): Unit | null {
  return order.firewalled ? 'supervision' : null;
}

function supervisingAudience(order: Order): Audience | null {
  if (!order.supervisingCourtCode || order.reopenCount === 0 || order.status === 'closed') return null;
  return { court: order.supervisingCourtCode, role: 'supervisor', unit: officeOf(order) };
}

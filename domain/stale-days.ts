import type { Order } from './order';
import { shanghaiDate } from './working-days';

/**
 * Which past days' stored figures a change to an order makes untrue (DOMAIN.md: every figure of a
 * day stays true when a later decision changes it). A reply round is judged in the period of its
 * deadline (domain/figures.ts): a decision that puts a round back on its original deadline days
 * after it (a return rejected: the round, unjudged while returned, is late; a reply rejected: the
 * reply that judged it no longer stands) changes the figures of that deadline's day, long after
 * the nightly rollup last computed it. Every other change adds lines of today, or judges a round
 * as it was already judged (a late reply to a round already late), or moves only deadlines still
 * ahead (an extension, a calendar load). A late reply does judge its round as already judged, but
 * moves it from late-and-unanswered to late-and-replied (orders.lateUnanswered): its day too.
 *
 * Returns the Shanghai days before `now`'s whose figures must be computed again: the rollup reads
 * only these (services/rollup.ts), so its cost grows with the decisions, not with the history.
 */
export function staleDays(before: Order, after: Order, now: Date): string[] {
  const today = shanghaiDate(now);
  const days = new Set<string>();
  for (const line of after.history.slice(before.history.length)) {
    // A late reply to a round whose deadline has passed: that day counted the round late as still
    // unanswered (orders.lateUnanswered, kept out of 按期答复率); now it is late as replied.
    if (line.action === 'replied' && line.details?.late === true) {
      for (const deadline of judgedDeadlines(after)) {
        const day = shanghaiDate(new Date(deadline));
        if (day < today) days.add(day);
      }
      continue;
    }
    if (!PUTS_A_ROUND_BACK.has(line.action)) continue;
    const deadline = line.details?.deadline;
    if (typeof deadline !== 'string') continue;
    const day = shanghaiDate(new Date(deadline));
    if (day < today) days.add(day);
  }
  return [...days].sort();
}

/**
 * The deadline a replied round is judged at: its deadline, or, when an extension came after the
 * deadline had passed, the deadline it missed (domain/figures.ts keeps the round there).
 */
function judgedDeadlines(order: Order): string[] {
  const late = order.history.findLast((h) => h.action === 'extension_approved' && h.details?.late === true);
  const missed = late?.details?.previousDeadline;
  return typeof missed === 'string' ? [order.deadline, missed] : [order.deadline];
}

/** History actions that put a round back on the deadline it had: domain/order-round.ts. */
const PUTS_A_ROUND_BACK = new Set(['return_rejected', 'reply_rejected']);

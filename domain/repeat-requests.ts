import { requestCourt } from './attribution';
import type { Category } from './categories';
import type { CitizenRequest } from './citizen-request';
import type { CourtDirectory } from './courts';
import { invalid } from './errors';
import type { Order } from './order';

/**
 * Repeat requests (重复诉求, DOMAIN.md): a caller ringing again about a matter already in hand.
 * The rules in one place: which earlier request is the likely match, what a repeat may be linked
 * to, what counts as "the same case", and which order of a case is still open.
 */

/** How far back the same court and category make a likely match (without the same case number). */
export const REPEAT_MATCH_DAYS = 60;

/** What a new request says about itself at intake (all optional: the agent may not have typed it yet). */
export interface RepeatProbe {
  caseNumber?: string | null | undefined;
  courtCode?: string | null | undefined;
  category?: Category | undefined;
}

/**
 * A case number as it compares: full-width and ASCII parentheses, spaces, are the same number.
 * (`（2026）赣1126民初88号` and `(2026)赣1126 民初88号` name one case.)
 */
export function caseKey(caseNumber: string | null | undefined): string | null {
  if (!caseNumber) return null;
  const key = caseNumber.replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
  return key.length > 0 ? key : null;
}

/**
 * The earlier request the new one most likely repeats, among the caller's (newest first): the
 * newest with the same case number; else the newest of the same court and category filed in the
 * last 60 days. Only a matter itself can match: an earlier repeat points at its matter, which is
 * what the agent links to.
 */
export function likelyMatch(
  courts: CourtDirectory,
  earlier: readonly CitizenRequest[],
  probe: RepeatProbe,
  now: Date,
): CitizenRequest | null {
  const matters = earlier.filter((r) => !r.repeatOf);
  const key = caseKey(probe.caseNumber);
  if (key) {
    const same = matters.find((r) => caseKey(r.caseNumber) === key);
    if (same) return same;
  }
  if (!probe.category) return null;
  const court = requestCourt(courts, {
    caseNumber: probe.caseNumber ?? null,
    courtCode: probe.courtCode ?? null,
    category: probe.category,
  });
  const since = now.getTime() - REPEAT_MATCH_DAYS * 86_400_000;
  return (
    matters.find(
      (r) =>
        r.category === probe.category &&
        Date.parse(r.createdAt) >= since &&
        requestCourt(courts, r) === court,
    ) ?? null
  );
}

/**
 * The matter a repeat is linked to: the request named, or, when that is itself a repeat, the
 * matter it repeats (links never chain). A request cannot repeat itself nor a later request.
 */
export function matterOf(
  request: CitizenRequest,
  named: CitizenRequest,
  root: CitizenRequest | null,
): CitizenRequest {
  const matter = named.repeatOf ? root : named;
  if (!matter) throw invalid('unknown_matter', 'the request it repeats has no matter of its own');
  if (matter.requestId === request.requestId) throw invalid('self_repeat', 'a request cannot repeat itself');
  if (matter.createdAt > request.createdAt)
    throw invalid('later_matter', 'a request can only repeat an earlier request');
  return matter;
}

/** An order the court still holds: the center can urge it (催办). */
export const isUrgeable = (order: Pick<Order, 'status'>): boolean =>
  order.status === 'dispatched' || order.status === 'accepted';

/** An order not closed yet: a second order for its case needs the agent's stated reason. */
export const isOpen = (order: Pick<Order, 'status'>): boolean => order.status !== 'closed';

/**
 * The court a repeat counts at in the figures: where its matter counts. A repeat is the same matter
 * again, so it is counted with it; and a repeat of a complaint thus counts where the complaint does
 * (the firewall), never at the accused court, whatever category or case the caller gave this time.
 */
export function repeatCourt(courts: CourtDirectory, matter: CitizenRequest): string {
  return requestCourt(courts, matter);
}

import { requestCourt } from './attribution';
import type { Category } from './categories';
import type { CitizenRequest } from './citizen-request';
import type { CourtDirectory } from './courts';
import { invalid } from './errors';
import type { Order } from './order';
import { isFirewalled } from './routing';

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
  // A complaint is never offered a matter it may not be linked to (the firewall, below).
  const matters = earlier.filter((r) => !r.repeatOf && firewallAllowsLink(courts, probe, r));
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
 * The firewall between a repeat and its matter. A repeat counts where its matter counts and urges
 * the matter's order, so a complaint or interference report may only join a matter that the same
 * supervision office handles: a firewalled matter counted at the court the firewall would send the
 * complaint to itself. Linked to the accused court's own order, it would urge that court by email
 * and count in its figures; linked to a complaint handled by the accused court's own supervision
 * office (a complaint about an intermediate court joined to one about a basic court below it), it
 * would reach that office. An ordinary request may join a complaint: it then goes where the
 * complaint does, above the court it names, and reveals nothing to it. A probe that does not say
 * its category yet is not judged.
 */
export function firewallAllowsLink(
  courts: CourtDirectory,
  request: RepeatProbe,
  matter: CitizenRequest,
): boolean {
  if (!request.category || !isFirewalled(request.category)) return true;
  const own = requestCourt(courts, {
    caseNumber: request.caseNumber ?? null,
    courtCode: request.courtCode ?? null,
    category: request.category,
  });
  return isFirewalled(matter.category) && repeatCourt(courts, matter) === own;
}

/**
 * The matter a repeat is linked to: the request named, or, when that is itself a repeat, the
 * matter it repeats (links never chain). A request cannot repeat itself nor a later request, nor
 * cross the firewall (`firewallAllowsLink`).
 */
export function matterOf(
  courts: CourtDirectory,
  request: CitizenRequest,
  named: CitizenRequest,
  root: CitizenRequest | null,
): CitizenRequest {
  const matter = named.repeatOf ? root : named;
  if (!matter) throw invalid('unknown_matter', 'the request it repeats has no matter of its own');
  if (matter.requestId === request.requestId) throw invalid('self_repeat', 'a request cannot repeat itself');
  if (matter.createdAt > request.createdAt)
    throw invalid('later_matter', 'a request can only repeat an earlier request');
  if (!firewallAllowsLink(courts, request, matter))
    throw invalid(
      'firewall',
      'a complaint or interference report may only repeat a complaint or report handled by the same supervision office, never an order of the court it concerns',
    );
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

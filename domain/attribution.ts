import { parseCaseNumber } from './case-number';
import type { Category } from './categories';
import type { CourtDirectory } from './courts';
import type { Stage } from './order';
import { firewallCourt, isFirewalled } from './routing';

/**
 * The court a request counts for in the figures (and its ratings with it): the court its case
 * number names, else the court the citizen chose, else the province (the high court), as routing
 * does. A complaint or an interference report counts where the firewall sends it, the superior
 * court's supervision office, never at the court it accuses: the accused court's own figures must
 * not reveal it, whether or not it became an order.
 */
export function requestCourt(
  courts: CourtDirectory,
  request: {
    caseNumber: string | null;
    courtCode: string | null;
    category: Category;
    repeatOf?: { courtCode: string } | undefined;
  },
): string {
  // A repeat counts with the matter it repeats (domain/repeat-requests.ts).
  if (request.repeatOf && courts.find(request.repeatOf.courtCode)) return request.repeatOf.courtCode;
  const named = namedCourt(courts, request) ?? courts.highCourt.code;
  return isFirewalled(request.category) ? firewallCourt(courts, named) : named;
}

function namedCourt(
  courts: CourtDirectory,
  request: { caseNumber: string | null; courtCode: string | null },
): string | null {
  const fromCase = request.caseNumber ? parseCaseNumber(request.caseNumber)?.courtCode : undefined;
  if (fromCase && courts.find(fromCase)) return fromCase;
  if (request.courtCode && courts.find(request.courtCode)) return request.courtCode;
  return null;
}

/**
 * The court a service window's rating counts for, from its code: the court's code and the window's
 * number, `赣1126-W01`. A window of a court merged into another follows the merge, as routing does
 * (DOMAIN.md: from the merge on, what would have gone to the merged court goes to the court it was
 * merged into, and is counted there): its windows now serve for that court, so the QR codes
 * printed with the old code keep working and their ratings count where the service is now given.
 */
export function windowCourt(courts: CourtDirectory, windowCode: string): string | null {
  const match = /^(.+)-W(\d{1,3})$/.exec(windowCode);
  return match?.[1] && courts.find(match[1]) ? courts.successorOf(match[1]).code : null;
}

/**
 * The court a ladder step counts for in the figures: the one whose time ran out (DOMAIN.md: time
 * the center itself takes is never charged to the court). The court's reply is the handling
 * court's; a review is the superior court's, whose supervisors must close it; a re-dispatch (the
 * center's review of a return) and a callback (the center calling back, the reply not yet judged)
 * are the center's, and count at the high court (the center is the high court's 12368 center), so
 * neither the court that returned or answered in time nor its intermediate court carries them.
 */
export function escalationCourt(
  courts: CourtDirectory,
  stage: Stage | string,
  handlingCourt: string,
): string {
  if (stage === 'redispatch' || stage === 'callback') return courts.highCourt.code;
  if (stage === 'review' && courts.find(handlingCourt)) return courts.superiorOf(handlingCourt).code;
  return handlingCourt;
}

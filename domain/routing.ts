import { parseCaseNumber } from './case-number';
import type { Category } from './categories';
import type { CourtDirectory } from './courts';
import { invalid } from './errors';

export class RoutingError extends Error {}

export interface RoutingInput {
  category: Category;
  caseNumber?: string | undefined;
  /** The court the citizen chose, if any. */
  courtCode?: string | undefined;
}

export interface Route {
  /** The court that must act on the order. */
  courtCode: string;
  /** The court the request is about (named by case number or chosen by the citizen). */
  subjectCourtCode: string;
  /** True when the firewall sent the order above the court it concerns. */
  firewalled: boolean;
  /** One sentence saying why the order went where it did, kept in its history. */
  reason: string;
}

/**
 * Where an order goes. The case number wins over the citizen's choice; complaints and
 * interference reports go to the superior court's supervision office, never to the accused court
 * (the "firewall"), and the high court handles those about itself.
 */
export function routeOrder(courts: CourtDirectory, input: RoutingInput): Route {
  const fromCase = input.caseNumber ? parseCaseNumber(input.caseNumber) : null;
  const caseCourt = fromCase && courts.find(fromCase.courtCode) ? fromCase.courtCode : null;
  const chosen = input.courtCode && courts.find(input.courtCode) ? input.courtCode : null;
  const subject = caseCourt ?? chosen;
  if (!subject) {
    throw new RoutingError('no court: give a case number of a known court or a courtCode');
  }
  const how = caseCourt
    ? `案号指向${courts.get(subject).shortName}`
    : `当事人选择${courts.get(subject).shortName}`;
  if (isFirewalled(input.category)) {
    const superior = courts.superiorOf(subject);
    return {
      courtCode: superior.code,
      subjectCourtCode: subject,
      firewalled: true,
      reason: `${how}；投诉及“三个规定”报告由上级法院监督部门办理：${superior.shortName}`,
    };
  }
  return { courtCode: subject, subjectCourtCode: subject, firewalled: false, reason: how };
}

/** Categories the firewall keeps away from the court they concern. */
export function isFirewalled(category: Category): boolean {
  return category === 'complaint' || category === 'interference_report';
}

/**
 * The firewall, for any court chosen by hand (an agent's override, a re-dispatch): a complaint or
 * interference report goes to a court above the one it concerns, never to that court itself
 * (except the high court, which nothing stands above).
 */
export function assertFirewallAllows(
  courts: CourtDirectory,
  category: Category,
  subjectCourt: string,
  target: string,
): void {
  if (!isFirewalled(category)) return;
  const above = courts.isWithin(subjectCourt, target) && target !== subjectCourt;
  if (above || (target === subjectCourt && subjectCourt === courts.highCourt.code)) return;
  throw invalid('firewall', 'complaints and interference reports go to a court above the court they concern');
}

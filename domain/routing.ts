import { parseCaseNumber } from './case-number';
import type { Category } from './categories';
import type { CourtDirectory } from './courts';
import { invalid } from './errors';

export class RoutingError extends Error {
  override readonly name = 'RoutingError';
}

export interface RoutingInput {
  category: Category;
  caseNumber?: string | undefined;
  /** The court the citizen chose, if any. */
  courtCode?: string | undefined;
  /** The court an agent chose by hand, if any: it wins, within the firewall. */
  override?: string | undefined;
}

export interface Route {
  /** The court that must act on the order. */
  courtCode: string;
  /** The court the request is about (named by case number or chosen by the citizen; the province when none). */
  subjectCourtCode: string;
  /** True when the order is a firewalled one: the supervision office of `courtCode` handles it. */
  firewalled: boolean;
  /** One sentence saying why the order went where it did, kept in its history. */
  reason: string;
}

/**
 * Where an order goes. The case number wins over the citizen's choice, and an agent's override
 * over both. Complaints and interference reports go to the superior court's supervision office,
 * never to the accused court (the "firewall"); those about the high court itself, and those
 * naming no court, go to the high court's supervision office. Anything else naming no court goes
 * where the agent sends it, and without an override cannot be routed.
 */
export function routeOrder(courts: CourtDirectory, input: RoutingInput): Route {
  if (input.override !== undefined) assertTakesOrders(courts, input.override);
  // A court merged into another (DOMAIN.md, the directory at run time) still names its old cases:
  // they go to the court that stands for it now.
  const fromCase = input.caseNumber ? parseCaseNumber(input.caseNumber) : null;
  const caseCourt =
    fromCase && courts.find(fromCase.courtCode) ? courts.successorOf(fromCase.courtCode).code : null;
  const chosen =
    input.courtCode && courts.find(input.courtCode) ? courts.successorOf(input.courtCode).code : null;
  const named = caseCourt ?? chosen;
  const firewalled = isFirewalled(input.category);
  if (!named && !firewalled) {
    if (!input.override)
      throw new RoutingError('no court: give a case number of a known court or a courtCode');
    const court = courts.get(input.override);
    return {
      courtCode: court.code,
      subjectCourtCode: court.code,
      firewalled: false,
      reason: `坐席指定：${court.shortName}`,
    };
  }
  const subject = named ?? courts.highCourt.code;
  const how = caseCourt
    ? `案号指向${courts.get(subject).shortName}`
    : chosen
      ? `当事人选择${courts.get(subject).shortName}`
      : '未指明法院';
  const route: Route = firewalled
    ? {
        courtCode: firewallCourt(courts, subject),
        subjectCourtCode: subject,
        firewalled: true,
        reason: `${how}；投诉及“三个规定”报告由上级法院监督部门办理：${courts.get(firewallCourt(courts, subject)).shortName}`,
      }
    : { courtCode: subject, subjectCourtCode: subject, firewalled: false, reason: how };
  if (!input.override) return route;
  // The firewall holds against an agent's override too.
  assertFirewallAllows(courts, input.category, subject, input.override);
  return {
    ...route,
    courtCode: input.override,
    reason: `坐席指定：${courts.get(input.override).shortName}`,
  };
}

/** A court an order may be sent to by hand: one in the directory that was not merged away. */
export function assertTakesOrders(courts: CourtDirectory, code: string): void {
  const court = courts.find(code);
  if (!court) throw invalid('unknown_court', `unknown court ${code}`);
  if (court.mergedInto) throw invalid('court_merged', `${code} was merged into ${court.mergedInto}`);
}

/**
 * The court whose supervision office handles a complaint or interference report about `subject`:
 * the superior court; the high court for itself (nothing stands above it).
 */
export function firewallCourt(courts: CourtDirectory, subject: string): string {
  return courts.superiorOf(subject).code;
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

import type { CourtDirectory } from './courts';
import { forbidden, notFound } from './errors';

/**
 * Who may do what: the one place for the rules of DOMAIN.md's "People" table.
 * A handler acts on its own court's orders; a supervisor on its court and every court below;
 * agents are the center's (they carry the high court's code) and an auditor reads only.
 */
export const STAFF_ROLES = ['agent', 'handler', 'supervisor', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Staff {
  sub: string;
  role: StaffRole;
  court: string;
}

export class Access {
  constructor(private readonly courts: CourtDirectory) {}

  /**
   * Staff who may see an order at all, in a read, a list or an action. A handler sees its own
   * court's; everyone else their court's and every court's below (agents and the center's auditors
   * carry the high court's code, so they see the province).
   */
  canRead(staff: Staff, orderCourt: string): boolean {
    if (staff.role === 'handler') return staff.court === orderCourt;
    return this.courts.isWithin(orderCourt, staff.court);
  }

  /**
   * An order the caller may not see is as good as absent, whatever they try to do with it: 404,
   * never a 403 that would tell them it exists. 403 is for what they see but may not do.
   */
  assertVisible(staff: Staff, orderCourt: string): void {
    if (!this.canRead(staff, orderCourt)) throw notFound('order');
  }

  /**
   * Which orders a list may hold: the court asked for (default the caller's own), and whether
   * the courts below it are included. Handlers list their own court's orders only; the list
   * agrees with `canRead` for every role.
   */
  listScope(staff: Staff, requested: string | undefined): { court: string; subtree: boolean } {
    const court = requested ?? staff.court;
    if (staff.role === 'handler') {
      if (court !== staff.court) throw forbidden(`${court} is outside your court`);
      return { court, subtree: false };
    }
    if (!this.courts.isWithin(court, staff.court)) throw forbidden(`${court} is outside your court`);
    return { court, subtree: true };
  }

  /** Court staff who may act on an order of `orderCourt` (accept, return, extension, reply). */
  assertCourtActor(staff: Staff, orderCourt: string): void {
    this.assertVisible(staff, orderCourt);
    if (staff.role === 'handler' && staff.court === orderCourt) return;
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only the handlers of ${orderCourt} or their supervisors may do this`);
  }

  /** Supervisors over `orderCourt`: approve extensions. */
  assertSupervisorOver(staff: Staff, orderCourt: string): void {
    this.assertVisible(staff, orderCourt);
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only a supervisor over ${orderCourt} may decide this`);
  }

  /** The superior court's supervisors (the high court's for its own orders): review closures. */
  assertSuperiorSupervisor(staff: Staff, orderCourt: string): void {
    this.assertVisible(staff, orderCourt);
    const superior = this.courts.superiorOf(orderCourt).code;
    if (staff.role === 'supervisor' && this.courts.isWithin(superior, staff.court)) return;
    throw forbidden(`only a supervisor of ${superior} or above may review this order`);
  }

  /**
   * The center's agents: settle requests, create and re-dispatch orders, call back. With the
   * order's court, an order the caller cannot see is a 404 first.
   */
  assertAgent(staff: Staff | null, orderCourt?: string): asserts staff is Staff {
    if (staff && orderCourt !== undefined) this.assertVisible(staff, orderCourt);
    if (staff?.role === 'agent' && staff.court === this.courts.highCourt.code) return;
    throw forbidden("only the center's agents may do this");
  }

  /** Who may read the figures of `courtCode`: auditors and supervisors, within their subtree. */
  assertFigureReader(staff: Staff, courtCode: string): void {
    if (
      (staff.role === 'auditor' || staff.role === 'supervisor') &&
      this.courts.isWithin(courtCode, staff.court)
    ) {
      return;
    }
    throw forbidden(`only auditors and supervisors over ${courtCode} may read its figures`);
  }

  /**
   * Staff reading a citizen's request: the center's agents always; others as they may read its
   * order; a request settled without an order is the center's, readable by the center's auditors.
   */
  assertRequestReader(staff: Staff, orderCourt: string | null): void {
    if (staff.role === 'agent') return;
    if (orderCourt !== null && this.canRead(staff, orderCourt)) return;
    if (orderCourt === null && staff.role === 'auditor' && staff.court === this.courts.highCourt.code) return;
    // As with orders: what the caller may not read does not exist for them.
    throw notFound('request');
  }

  /** Who sees citizens' names, phones and texts in full: those who act on the order. */
  seesPersonalData(staff: Staff, orderCourt: string | null): boolean {
    if (staff.role === 'agent') return true;
    if (staff.role === 'auditor' || orderCourt === null) return false;
    return this.canRead(staff, orderCourt);
  }
}

import type { CourtDirectory } from './courts';
import { forbidden } from './errors';

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

  /** Staff who may see an order at all (lists and detail). */
  canRead(staff: Staff, orderCourt: string): boolean {
    if (staff.role === 'handler') return staff.court === orderCourt;
    return this.courts.isWithin(orderCourt, staff.court);
  }

  /** Court staff who may act on an order of `orderCourt` (accept, return, extension, reply). */
  assertCourtActor(staff: Staff, orderCourt: string): void {
    if (staff.role === 'handler' && staff.court === orderCourt) return;
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only the handlers of ${orderCourt} or their supervisors may do this`);
  }

  /** Supervisors over `orderCourt`: approve extensions. */
  assertSupervisorOver(staff: Staff, orderCourt: string): void {
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only a supervisor over ${orderCourt} may decide this`);
  }

  /** The superior court's supervisors (the high court's for its own orders): review closures. */
  assertSuperiorSupervisor(staff: Staff, orderCourt: string): void {
    const superior = this.courts.superiorOf(orderCourt).code;
    if (staff.role === 'supervisor' && this.courts.isWithin(superior, staff.court)) return;
    throw forbidden(`only a supervisor of ${superior} or above may review this order`);
  }

  /** The center's agents: settle requests, create and re-dispatch orders, call back. */
  assertAgent(staff: Staff | null): asserts staff is Staff {
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
    throw forbidden('this request is not one of your court’s');
  }

  /** Who sees citizens' names, phones and texts in full: those who act on the order. */
  seesPersonalData(staff: Staff, orderCourt: string | null): boolean {
    if (staff.role === 'agent') return true;
    if (staff.role === 'auditor' || orderCourt === null) return false;
    return this.canRead(staff, orderCourt);
  }
}

import type { CourtDirectory } from './courts';
import { forbidden, notFound } from './errors';

/**
 * Who may do what: the one place for the rules of DOMAIN.md's "People" table.
 * A handler acts on its own court's orders; a supervisor on its court and every court below;
 * agents are the center's (they carry the high court's code) and an auditor reads only.
 *
 * An administrator (`admin`, the center's: court 赣) keeps the directory at run time (DOMAIN.md
 * "The directory at run time"): courts, their staff, the supervision offices, the leadership and
 * who receives which emails, through `/v1/admin/staff` and `/v1/admin/courts`. That is all an
 * administrator may do: no order, no request, no figure, no citizen's data (every rule below
 * that lets a role read orders names that role, and none names `admin`). The directory's changes
 * are read by administrators and the center's auditors.
 */
export const STAFF_ROLES = ['agent', 'handler', 'supervisor', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The one unit the rules know: a court's supervision office (监察室), where complaints go. */
export const STAFF_UNITS = ['supervision'] as const;
export type StaffUnit = (typeof STAFF_UNITS)[number];

export interface Staff {
  sub: string;
  role: StaffRole;
  court: string;
  /** Set for the members of their court's supervision office. */
  unit?: StaffUnit;
}

/** Where an order stands, for the rules of who sees it: its court, and whether it is firewalled. */
export interface OrderPlace {
  courtCode: string;
  /** A complaint or interference report, handled by the superior court's supervision office. */
  firewalled?: boolean;
}

export class Access {
  constructor(private readonly courts: CourtDirectory) {}

  /**
   * Staff who may see an order at all, in a read, a list or an action. A handler sees its own
   * court's; everyone else their court's and every court's below (agents and the center's auditors
   * carry the high court's code, so they see the province).
   */
  canRead(staff: Staff, place: OrderPlace): boolean {
    // The directory's keepers see no order: who works where is not what citizens asked.
    if (staff.role === 'admin') return false;
    const court = place.courtCode;
    const within =
      staff.role === 'handler' ? staff.court === court : this.courts.isWithin(court, staff.court);
    if (!within) return false;
    // The firewall inside the handling court: a complaint is its supervision office's, not its
    // ordinary handlers' or supervisors' (for a complaint about the high court itself, they are the
    // accused). Courts above it oversee it; the center's agents and auditors see it as any order.
    const atHandlingCourt =
      staff.court === court && (staff.role === 'handler' || staff.role === 'supervisor');
    return !(place.firewalled && atHandlingCourt && staff.unit !== 'supervision');
  }

  /**
   * An order the caller may not see is as good as absent, whatever they try to do with it: 404,
   * never a 403 that would tell them it exists. 403 is for what they see but may not do.
   */
  assertVisible(staff: Staff, place: OrderPlace): void {
    if (!this.canRead(staff, place)) throw notFound('order');
  }

  /**
   * Which orders a list may hold: the court asked for (default the caller's own), and whether
   * the courts below it are included. Handlers list their own court's orders only; the list
   * agrees with `canRead` for every role.
   */
  listScope(staff: Staff, requested: string | undefined): { court: string; subtree: boolean } {
    const court = requested ?? staff.court;
    if (staff.role === 'admin') throw forbidden('administrators keep the directory and list no orders');
    if (staff.role === 'handler') {
      if (court !== staff.court) throw forbidden(`${court} is outside your court`);
      return { court, subtree: false };
    }
    if (!this.courts.isWithin(court, staff.court)) throw forbidden(`${court} is outside your court`);
    return { court, subtree: true };
  }

  /** Court staff who may act on an order of `orderCourt` (accept, return, extension, reply). */
  assertCourtActor(staff: Staff, place: OrderPlace): void {
    this.assertVisible(staff, place);
    const orderCourt = place.courtCode;
    if (staff.role === 'handler' && staff.court === orderCourt) return;
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only the handlers of ${orderCourt} or their supervisors may do this`);
  }

  /** Supervisors over `orderCourt`: approve extensions. */
  assertSupervisorOver(staff: Staff, place: OrderPlace): void {
    this.assertVisible(staff, place);
    const orderCourt = place.courtCode;
    if (staff.role === 'supervisor' && this.courts.isWithin(orderCourt, staff.court)) return;
    throw forbidden(`only a supervisor over ${orderCourt} may decide this`);
  }

  /** The superior court's supervisors (the high court's for its own orders): review closures. */
  assertSuperiorSupervisor(staff: Staff, place: OrderPlace): void {
    this.assertVisible(staff, place);
    const orderCourt = place.courtCode;
    const superior = this.courts.superiorOf(orderCourt).code;
    if (staff.role === 'supervisor' && this.courts.isWithin(superior, staff.court)) return;
    throw forbidden(`only a supervisor of ${superior} or above may review this order`);
  }

  /**
   * The center's agents: settle requests, create and re-dispatch orders, call back. With the
   * order's court, an order the caller cannot see is a 404 first.
   */
  assertAgent(staff: Staff | null, place?: OrderPlace): asserts staff is Staff {
    if (staff && place !== undefined) this.assertVisible(staff, place);
    if (staff && this.isCenterAgent(staff)) return;
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
  assertRequestReader(staff: Staff, place: OrderPlace | null): void {
    if (this.isCenterAgent(staff)) return;
    if (place !== null && this.canRead(staff, place)) return;
    if (place === null && staff.role === 'auditor' && staff.court === this.courts.highCourt.code) return;
    // As with orders: what the caller may not read does not exist for them.
    throw notFound('request');
  }

  /** Who sees citizens' names, phones and texts in full: those who act on the order. */
  seesPersonalData(staff: Staff, place: OrderPlace | null): boolean {
    if (this.isCenterAgent(staff)) return true;
    if (staff.role === 'auditor' || staff.role === 'agent' || place === null) return false;
    return this.canRead(staff, place);
  }

  /**
   * Issue 20: the center's own content, the knowledge base and the typical cases it publishes, is
   * written and approved by the center, that is the high court's supervisors. Agents and everyone
   * else read it. The directory's administrators (API.md) keep who works where, not what the center
   * tells citizens: content is not theirs to write.
   */
  isCenterEditor(staff: Staff | null): boolean {
    return staff?.role === 'supervisor' && staff.court === this.courts.highCourt.code;
  }

  assertCenterEditor(staff: Staff | null): asserts staff is Staff {
    if (!this.isCenterEditor(staff)) throw forbidden("only the center's supervisors may do this");
  }

  /** The center's administrators (the high court's code): change the directory at run time. */
  assertDirectoryAdmin(staff: Staff): void {
    if (staff.role === 'admin' && staff.court === this.courts.highCourt.code) return;
    throw forbidden("only the center's administrators may change the directory");
  }

  /** Who may read the directory as kept and its record of changes: its administrators and the center's auditors. */
  assertDirectoryReader(staff: Staff): void {
    if ((staff.role === 'admin' || staff.role === 'auditor') && staff.court === this.courts.highCourt.code)
      return;
    throw forbidden("only the center's administrators and auditors may read the directory's record");
  }

  /** An agent is the center's only with the high court's code; any other "agent" is nobody's. */
  private isCenterAgent(staff: Staff): boolean {
    return staff.role === 'agent' && staff.court === this.courts.highCourt.code;
  }
}

import type { StaffRole } from './access';
import type { Court, CourtDirectory, CourtLevel } from './courts';
import { invalid, Refusal } from './errors';
import type { Unit } from './recipients';

/**
 * The rules of the directory at run time (DOMAIN.md): what a change to the courts or their staff
 * may be. No I/O: services/directory.ts reads, checks here, writes and records.
 *
 * Renaming and merging keep a court's code: its orders, their history and its figures are all
 * keyed by code, so none of them moves or is lost. A merged court stays in the tree where it was,
 * so the figures of every day already counted stay true (its figures up to the merge remain its
 * own and keep rolling up to its parent); from the merge on, what would have gone to it (a new
 * order naming it by case number or by the citizen's choice, its open orders' emails) goes to the
 * court it was merged into, and is counted there.
 */

/**
 * The roles a member of the directory may have: the people mail is written to (domain/recipients.ts
 * says which role and unit receive what). Administrators keep the directory and receive none.
 */
export const MAIL_ROLES = [
  'agent',
  'handler',
  'supervisor',
  'auditor',
] as const satisfies readonly StaffRole[];

/** The units a member may belong to (domain/recipients.ts says what each receives). */
export const UNITS = ['supervision', 'leadership'] as const satisfies readonly Unit[];

export const CHANGE_KINDS = [
  'staff_added',
  'staff_changed',
  'staff_deactivated',
  'court_added',
  'court_renamed',
  'court_merged',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One change of the directory, as recorded: who, when, what, the thing before and after. */
export interface DirectoryChange {
  changeId: string;
  at: string;
  by: { sub: string; role: StaffRole; court: string };
  kind: ChangeKind;
  /** The member's id or the court's code. */
  subject: string;
  /** null for something added. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** What a member of staff is, as a change gives it. */
export interface MemberPlace {
  court: string;
  role: StaffRole;
  unit: Unit | null;
}

/**
 * Where a member may be placed: a court that stands for itself (not merged away), a role that
 * receives mail, the center's agents at the high court, the leadership at the high court only.
 */
export function checkMemberPlace(courts: CourtDirectory, place: MemberPlace): void {
  const court = courts.find(place.court);
  if (!court) throw invalid('unknown_court', `unknown court ${place.court}`);
  if (court.mergedInto)
    throw invalid(
      'court_merged',
      `${place.court} was merged into ${court.mergedInto}: place the member there`,
    );
  if (!(MAIL_ROLES as readonly string[]).includes(place.role))
    throw invalid('role_receives_no_mail', `the directory lists who receives mail: ${MAIL_ROLES.join(', ')}`);
  const high = courts.highCourt.code;
  if (place.role === 'agent' && place.court !== high)
    throw invalid('agent_outside_center', `agents are the center's: court ${high}`);
  if (place.unit === 'leadership' && (place.court !== high || place.role !== 'supervisor'))
    throw invalid('leadership_outside_center', `the leadership are supervisors of ${high}`);
  if (place.unit === 'supervision' && place.role === 'agent')
    throw invalid('agent_in_supervision', "a supervision office is a court's, not the center's agents'");
}

const CHILD_LEVEL: Record<CourtLevel, CourtLevel | null> = {
  high: 'intermediate',
  intermediate: 'basic',
  basic: null,
};

/**
 * A new court: its code unused, under a court that stands for itself, one level below it, its
 * names nobody else's. Its code is the one its case numbers will carry (DOMAIN.md: 赣 the high
 * court, 赣11 an intermediate court, 赣1126 a basic court below it): its parent's code and two
 * digits more, 01 to 99, so that a case number names it and the tree can be read from the codes.
 */
export function newCourt(
  courts: CourtDirectory,
  input: { code: string; name: string; shortName: string; parentCode: string },
): Court {
  // A clash with what is stored, as a name taken or a member listed: 409, as every conflict is.
  if (courts.find(input.code)) throw new Refusal('conflict', 'court_exists', `court ${input.code} exists`);
  const parent = courts.find(input.parentCode);
  if (!parent) throw invalid('unknown_court', `unknown parent court ${input.parentCode}`);
  if (parent.mergedInto) throw invalid('court_merged', `${parent.code} was merged into ${parent.mergedInto}`);
  const level = CHILD_LEVEL[parent.level];
  if (!level) throw invalid('no_lower_level', `${parent.code} is a basic court: nothing stands below it`);
  if (!isChildCode(input.code, parent.code))
    throw invalid(
      'invalid_court_code',
      `a court below ${parent.code} has the code ${parent.code} followed by two digits (01 to 99), e.g. ${parent.code}01`,
    );
  assertNamesFree(courts, input.code, input.name, input.shortName);
  return {
    code: input.code,
    name: input.name,
    shortName: input.shortName,
    level,
    parentCode: parent.code,
    mergedInto: null,
  };
}

/** A court renamed: the same court (code, place in the tree, orders, figures) under a new name. */
export function renamedCourt(courts: CourtDirectory, code: string, name: string, shortName: string): Court {
  const court = courts.find(code);
  if (!court) throw invalid('unknown_court', `unknown court ${code}`);
  assertNamesFree(courts, code, name, shortName);
  return { ...court, name, shortName };
}

/** Two ASCII digits after the parent's code, never 00. */
function isChildCode(code: string, parentCode: string): boolean {
  if (!code.startsWith(parentCode)) return false;
  const digits = code.slice(parentCode.length);
  return /^[0-9]{2}$/.test(digits) && digits !== '00';
}

/**
 * People know a court by its name (in emails, on the pages, in the 通报): no two courts, merged
 * ones included (their orders and figures still carry their names), share a name or a short name.
 */
function assertNamesFree(courts: CourtDirectory, code: string, name: string, shortName: string): void {
  const clash = courts.all().find((c) => c.code !== code && (c.name === name || c.shortName === shortName));
  if (clash)
    throw new Refusal(
      'conflict',
      'court_name_taken',
      `${clash.code} is already called ${clash.name === name ? name : shortName}`,
    );
}

/**
 * A court merged into another of its level: it must stand for itself still, never be the high
 * court, and have no court below it that stands for itself (merge or move those first: a court
 * whose parent no longer takes orders would have nowhere to escalate).
 */
export function mergedCourt(courts: CourtDirectory, code: string, into: string): Court {
  const court = courts.find(code);
  if (!court) throw invalid('unknown_court', `unknown court ${code}`);
  const target = courts.find(into);
  if (!target) throw invalid('unknown_court', `unknown court ${into}`);
  if (court.mergedInto) throw invalid('court_merged', `${code} was already merged into ${court.mergedInto}`);
  if (target.mergedInto) throw invalid('court_merged', `${into} was merged into ${target.mergedInto}`);
  if (code === into) throw invalid('merge_into_itself', 'a court cannot be merged into itself');
  if (court.level === 'high') throw invalid('merge_high_court', 'the high court cannot be merged');
  if (target.level !== court.level)
    throw invalid(
      'merge_across_levels',
      `${code} (${court.level}) and ${into} (${target.level}) are not of one level`,
    );
  const standing = courts.subtree(code).filter((c) => c.code !== code && !c.mergedInto);
  if (standing.length > 0)
    throw invalid(
      'merge_with_courts_below',
      `courts below ${code} still take orders: ${standing.map((c) => c.code).join(', ')}`,
    );
  return { ...court, mergedInto: into };
}

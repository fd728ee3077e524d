import { createHash } from 'node:crypto';
import type { StaffRole } from '../domain/access';
import type { CourtDirectory } from '../domain/courts';
import { UNITS } from '../domain/directory';
import type { Unit } from '../domain/recipients';

/**
 * A member of staff who receives mail: court, role, name, email, and the unit they belong to
 * (`supervision`: the court's supervision office; `leadership`: the center's leadership; empty:
 * the court's ordinary staff). Which emails a member receives follows from court, role and unit
 * (domain/recipients.ts); a member who is not `active` receives none. Seeded from the
 * deployment's CSV (`court,role,name,email[,unit]`), then kept at run time (services/directory.ts).
 */
export interface StaffMember {
  /** Stable across changes: a seeded member's is derived from its CSV line, a new one's is random. */
  id: string;
  court: string;
  role: StaffRole;
  name: string;
  email: string;
  unit: Unit | null;
  /** @default true; a member who left is kept, inactive, so the record of changes still names them. */
  active: boolean;
}

export class StaffDirectory {
  private members: readonly StaffMember[];

  /**
   * `courts`: where a merged court's people are now looked up (its successor's). @default none:
   * every court stands for itself
   */
  constructor(
    members: readonly StaffMember[],
    private readonly courts?: CourtDirectory,
  ) {
    this.members = members;
  }

  static fromCsv(text: string, courts?: CourtDirectory): StaffDirectory {
    return new StaffDirectory(parseStaffCsv(text), courts);
  }

  /** Replaces every member at once (the directory changed at run time): the next lookup sees them. */
  replace(members: readonly StaffMember[]): void {
    this.members = members;
  }

  all(): readonly StaffMember[] {
    return this.members;
  }

  /**
   * The active members of a court with a role, in one unit (null: its ordinary staff). A court
   * merged into another has no people of its own any more: its orders' emails go to the people of
   * the court it was merged into (DOMAIN.md: "their next emails go to the people there now").
   */
  find(court: string, role: StaffRole, unit: Unit | null = null): StaffMember[] {
    const at = this.courts?.find(court) ? this.courts.successorOf(court).code : court;
    return this.members.filter((m) => m.active && m.court === at && m.role === role && m.unit === unit);
  }
}

/** The seed's members: each id derived from its line, so every process seeding at once writes the same items. */
export function parseStaffCsv(text: string): StaffMember[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [court, role, name, email, unit] = line.split(',').map((f) => f.trim());
    if (!court || !role || !name || !email) throw new Error(`bad staff line: ${line}`);
    if (unit && !(UNITS as readonly string[]).includes(unit))
      throw new Error(`bad unit in staff line: ${line}`);
    const id = `ST${createHash('sha256')
      .update(`${court}|${role}|${unit ?? ''}|${email}`)
      .digest('hex')
      .slice(0, 16)
      .toUpperCase()}`;
    return {
      id,
      court,
      role: role as StaffRole,
      name,
      email,
      unit: unit ? (unit as Unit) : null,
      active: true,
    };
  });
}

import type { StaffRole } from '../domain/access';
import type { Unit } from '../domain/recipients';

/**
 * A member of staff who receives mail: court, role, name, email, and the unit they belong to
 * (`supervision`: the court's supervision office; `leadership`: the center's leadership; empty:
 * the court's ordinary staff). Loaded from the deployment's CSV, `court,role,name,email[,unit]`.
 */
export interface StaffMember {
  court: string;
  role: StaffRole;
  name: string;
  email: string;
  unit: Unit | null;
}

const UNITS: readonly Unit[] = ['supervision', 'leadership'];

export class StaffDirectory {
  constructor(private readonly members: readonly StaffMember[]) {}

  static fromCsv(text: string): StaffDirectory {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    return new StaffDirectory(
      lines.slice(1).map((line) => {
        const [court, role, name, email, unit] = line.split(',').map((f) => f.trim());
        if (!court || !role || !name || !email) throw new Error(`bad staff line: ${line}`);
        if (unit && !UNITS.includes(unit as Unit)) throw new Error(`bad unit in staff line: ${line}`);
        return { court, role: role as StaffRole, name, email, unit: unit ? (unit as Unit) : null };
      }),
    );
  }

  /** The members of a court with a role, in one unit (null: its ordinary staff). */
  find(court: string, role: StaffRole, unit: Unit | null = null): StaffMember[] {
    return this.members.filter((m) => m.court === court && m.role === role && m.unit === unit);
  }
}

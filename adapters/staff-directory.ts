import type { StaffRole } from '../domain/access';

/** A member of staff who receives mail: court, role, name, email. Loaded from the deployment's CSV. */
export interface StaffMember {
  court: string;
  role: StaffRole;
  name: string;
  email: string;
}

export class StaffDirectory {
  constructor(private readonly members: readonly StaffMember[]) {}

  static fromCsv(text: string): StaffDirectory {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    return new StaffDirectory(
      lines.slice(1).map((line) => {
        const [court, role, name, email] = line.split(',').map((f) => f.trim());
        if (!court || !role || !name || !email) throw new Error(`bad staff line: ${line}`);
        return { court, role: role as StaffRole, name, email };
      }),
    );
  }

  find(court: string, role: StaffRole): StaffMember[] {
    return this.members.filter((m) => m.court === court && m.role === role);
  }
}

/**
 * The court directory: three levels (high → intermediate → basic) loaded from data, never code.
 * A deployment's CSV (`config/courts.csv`) seeds it; at run time the center's administrators change
 * it (services/directory.ts) and every process's directory is reloaded in place (`replace`), so
 * that everything holding it asks the current one.
 */
export type CourtLevel = 'high' | 'intermediate' | 'basic';

export interface Court {
  code: string;
  name: string;
  shortName: string;
  level: CourtLevel;
  parentCode: string | null;
  /**
   * Set when the court was merged into another: it keeps its code, its orders, their history and
   * its figures (all keyed by code), and stays in the tree where it was; what would go to it now
   * goes to `successorOf` it. @default null
   */
  mergedInto?: string | null;
}

export class UnknownCourtError extends Error {
  override readonly name = 'UnknownCourtError';
  constructor(readonly code: string) {
    super(`unknown court ${code}`);
  }
}

export class CourtDirectory {
  private byCode = new Map<string, Court>();
  private children = new Map<string, string[]>();
  private high!: Court;

  constructor(courts: readonly Court[]) {
    this.replace(courts);
  }

  get highCourt(): Court {
    return this.high;
  }

  /**
   * Replaces the whole directory at once (a change made at run time, read from the table): every
   * holder of this object sees the new one from its next call. A directory that breaks the tree is
   * refused and the old one kept.
   */
  replace(courts: readonly Court[]): void {
    const byCode = new Map<string, Court>();
    const children = new Map<string, string[]>();
    for (const court of courts) byCode.set(court.code, court);
    for (const court of courts) {
      if (court.parentCode === null) continue;
      if (!byCode.has(court.parentCode))
        throw new Error(`court ${court.code}: parent ${court.parentCode} missing`);
      const list = children.get(court.parentCode) ?? [];
      list.push(court.code);
      children.set(court.parentCode, list);
    }
    for (const court of courts) {
      // A merge always ends at a court that stands (successorOf follows it): never at an unknown
      // court, never round in a circle (two courts merged into each other).
      const seen = new Set<string>();
      for (let c: Court | undefined = court; c?.mergedInto; c = byCode.get(c.mergedInto)) {
        if (seen.has(c.code)) throw new Error(`court ${court.code}: its merges run in a circle`);
        seen.add(c.code);
        if (!byCode.has(c.mergedInto))
          throw new Error(`court ${c.code}: merged into unknown ${c.mergedInto}`);
      }
    }
    const roots = courts.filter((c) => c.parentCode === null);
    if (roots.length !== 1 || roots[0]?.level !== 'high')
      throw new Error('the directory needs exactly one high court');
    this.byCode = byCode;
    this.children = children;
    this.high = roots[0];
  }

  /** Parses the directory CSV: `code,name,short_name,level,parent_code[,...]`, header first. */
  static fromCsv(text: string): CourtDirectory {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    const courts = lines.slice(1).map((line) => {
      const [code, name, shortName, level, parentCode] = line.split(',').map((f) => f.trim());
      if (!code || !name || !shortName || !isLevel(level)) throw new Error(`bad court line: ${line}`);
      return { code, name, shortName, level, parentCode: parentCode ? parentCode : null };
    });
    return new CourtDirectory(courts);
  }

  all(): Court[] {
    return [...this.byCode.values()];
  }

  find(code: string): Court | undefined {
    return this.byCode.get(code);
  }

  get(code: string): Court {
    const court = this.byCode.get(code);
    if (!court) throw new UnknownCourtError(code);
    return court;
  }

  /**
   * The court that stands for `code` now: itself, or the court it was merged into (followed
   * through later merges). New orders naming a merged court go there, and so do its orders' emails.
   */
  successorOf(code: string): Court {
    let court = this.get(code);
    for (let hops = 0; court.mergedInto && hops < this.byCode.size; hops++)
      court = this.get(court.mergedInto);
    return court;
  }

  /** The court directly above; the high court is its own superior (nothing stands above it). */
  superiorOf(code: string): Court {
    const court = this.get(code);
    return court.parentCode ? this.get(court.parentCode) : court;
  }

  /** The court itself, then each court above it up to the high court. */
  lineage(code: string): Court[] {
    const out: Court[] = [];
    for (let c: Court | undefined = this.get(code); c; c = c.parentCode ? this.find(c.parentCode) : undefined)
      out.push(c);
    return out;
  }

  /** True when `code` is `scopeCode` or any court below it. */
  isWithin(code: string, scopeCode: string): boolean {
    return this.find(code) !== undefined && this.lineage(code).some((c) => c.code === scopeCode);
  }

  /** `code` and every court below it. */
  subtree(code: string): Court[] {
    const out: Court[] = [];
    const walk = (c: string) => {
      out.push(this.get(c));
      for (const child of this.children.get(c) ?? []) walk(child);
    };
    walk(code);
    return out;
  }

  /** The intermediate court whose region holds `code` (null for the high court itself). */
  regionOf(code: string): string | null {
    return this.lineage(code).find((c) => c.level === 'intermediate')?.code ?? null;
  }
}

/**
 * The stored courts with every merge that cannot be followed to a court that stands undone: a
 * court merged into an unknown court, and the courts of a circle of merges (two courts merged into
 * each other). Today's changes never write either (domain/directory.ts's `mergedCourt` refuses a
 * merge into a merged court, and services/directory.ts makes changes one at a time), but older code
 * could, and such a directory is refused whole by `replace`. Mended, the directory stands with
 * everything else stored. In a circle one merge is undone, the one of the circle's lowest code, so
 * that every process mends it alike: that court stands, and the others' merges end at it, so the
 * orders of all of them still reach a court (had every merge of the circle been undone, each court
 * would stand again, some with their people moved away). An administrator's next change of that
 * court (a rename, a merge) writes it as it stands here. `problems` names each one (court codes
 * only) for the log.
 */
export function withFollowableMerges(courts: readonly Court[]): { courts: Court[]; problems: string[] } {
  const byCode = new Map(courts.map((c) => [c.code, c]));
  const undone = new Set<string>();
  const problems: string[] = [];
  const into = (c: Court) => (undone.has(c.code) ? null : (c.mergedInto ?? null));
  for (const court of courts) {
    const path: string[] = [];
    for (let c = court; ; ) {
      const target = into(c);
      if (!target) break;
      const circleFrom = path.indexOf(c.code);
      if (circleFrom >= 0) {
        const circle = path.slice(circleFrom);
        const stands = [...circle].sort()[0] ?? c.code;
        undone.add(stands);
        problems.push(
          `courts ${circle.join(', ')}: their merges run in a circle; ${stands} stands, the others are merged into it`,
        );
        break;
      }
      path.push(c.code);
      const next = byCode.get(target);
      if (!next) {
        undone.add(c.code);
        problems.push(`court ${c.code}: merged into unknown ${target}; it stands for itself`);
        break;
      }
      c = next;
    }
  }
  if (!undone.size) return { courts: [...courts], problems };
  return { courts: courts.map((c) => (undone.has(c.code) ? { ...c, mergedInto: null } : c)), problems };
}

function isLevel(value: string | undefined): value is CourtLevel {
  return value === 'high' || value === 'intermediate' || value === 'basic';
}

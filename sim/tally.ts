import type { Category, Channel } from '../domain/categories';
import type { CourtDirectory } from '../domain/courts';
import { type Counts, emptyCounts } from '../domain/figures';
import { shanghaiDate } from '../domain/working-days';

/** Which part of the traffic a count belongs to: the request's category (none for a window rating) and channel. */
export interface Part {
  category: Category | null;
  channel: Channel;
}

/** A period and court's count: the whole, and the same per part (`category|channel`). */
export interface TallyEntry {
  whole: Counts;
  parts: Map<string, { part: Part; counts: Counts }>;
}

/**
 * The simulator's own count of what it did, kept apart from the rollups: each thing counts for
 * its Shanghai day and month, for its court and every court above it, and for its part of the
 * traffic. Only the shape of the figures is shared with the domain, none of the code that
 * computes them.
 */
export class Tally {
  private readonly entries = new Map<string, TallyEntry>();
  /** The days and months the simulation played (with traffic or none): what the tally knows all of. */
  private readonly covered = new Set<string>();

  constructor(private readonly courts: CourtDirectory) {}

  add(at: Date | string, court: string, part: Part, change: (c: Counts) => void): void {
    const day = shanghaiDate(typeof at === 'string' ? new Date(at) : at);
    for (const period of [day, day.slice(0, 7)]) this.addTo(period, court, part, change);
  }

  /**
   * Adds to one period only (`YYYY-MM-DD` or `YYYY-MM`), for its court and every court above it:
   * for a snapshot such as late and still open (超期未办结), which a month does not sum from its days.
   */
  addTo(period: string, court: string, part: Part, change: (c: Counts) => void): void {
    const partKey = `${part.category ?? '-'}|${part.channel}`;
    for (const c of this.courts.lineage(court)) {
      const key = `${period}|${c.code}`;
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { whole: emptyCounts(), parts: new Map() };
        this.entries.set(key, entry);
      }
      change(entry.whole);
      let slot = entry.parts.get(partKey);
      if (!slot) {
        slot = { part, counts: emptyCounts() };
        entry.parts.set(partKey, slot);
      }
      change(slot.counts);
    }
  }

  /** Marks a day or month as played: what happened in it is all in the tally. */
  cover(period: string): void {
    this.covered.add(period);
  }

  /** Whether the tally knows a period whole (else the store may hold what another run did in it). */
  covers(period: string): boolean {
    return this.covered.has(period);
  }

  get(period: string, court: string): Counts {
    return this.entry(period, court).whole;
  }

  /** The parts of a period and court's count that a filter keeps. */
  parts(period: string, court: string, keep: (part: Part) => boolean): Array<{ part: Part; counts: Counts }> {
    return [...this.entry(period, court).parts.values()].filter((p) => keep(p.part));
  }

  private entry(period: string, court: string): TallyEntry {
    return this.entries.get(`${period}|${court}`) ?? { whole: emptyCounts(), parts: new Map() };
  }
}

import type { CourtDirectory } from '../domain/courts';
import { type Counts, emptyCounts } from '../domain/figures';
import { shanghaiDate } from '../domain/working-days';

/**
 * The simulator's own count of what it did, kept apart from the rollups: each thing counts for
 * its Shanghai day and month, for its court and every court above it. Only the shape of the
 * figures is shared with the domain, none of the code that computes them.
 */
export class Tally {
  private readonly counts = new Map<string, Counts>();

  constructor(private readonly courts: CourtDirectory) {}

  add(at: Date | string, court: string, change: (c: Counts) => void): void {
    const day = shanghaiDate(typeof at === 'string' ? new Date(at) : at);
    for (const period of [day, day.slice(0, 7)]) {
      for (const c of this.courts.lineage(court)) {
        const key = `${period}|${c.code}`;
        let counts = this.counts.get(key);
        if (!counts) {
          counts = emptyCounts();
          this.counts.set(key, counts);
        }
        change(counts);
      }
    }
  }

  get(period: string, court: string): Counts {
    return this.counts.get(`${period}|${court}`) ?? emptyCounts();
  }
}

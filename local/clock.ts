import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../adapters/clock';

/**
 * The local stack's shared clock: real time plus an offset that only grows. The offset lives in
 * `$DATA_DIR/clock.json`, so a restart never moves time backwards.
 */
export class LocalClock implements Clock {
  private offsetMs: number;
  private readonly file: string;

  /**
   * `persist: false` (a stack held in memory): the offset is not written, as nothing else is.
   * `startAt`: where a new data folder's clock starts (past or future), so that a test, a training
   * room or a simulation runs on a calendar it names rather than on whatever today is. A folder
   * whose clock was already kept ignores it: its time never moves backwards.
   */
  constructor(
    dataDir: string,
    private readonly persist = true,
    startAt?: Date,
  ) {
    this.file = join(dataDir, 'clock.json');
    if (persist && existsSync(this.file)) {
      this.offsetMs = Number(JSON.parse(readFileSync(this.file, 'utf8')).offsetMs) || 0;
    } else {
      this.offsetMs = startAt ? startAt.getTime() - Date.now() : 0;
      if (startAt && persist) this.save();
    }
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward by `ms`, or to `to`; never backwards. Returns the new time. */
  advance(change: { ms: number } | { to: Date }): Date {
    const target = 'ms' in change ? this.now().getTime() + change.ms : change.to.getTime();
    if (target < this.now().getTime()) throw new RangeError('the clock only moves forward');
    this.offsetMs = target - Date.now();
    if (this.persist) this.save();
    return this.now();
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
  }
}

/**
 * How far one move of the clock may go: a target years away would make the stack run every nightly
 * job day by day until it got there (`+275760-09-13` never answered), so a move past this is refused.
 */
export const MAX_CLOCK_MOVE_MS = 10 * 366 * 24 * 3600 * 1000;

/** ISO 8601 durations as the clock endpoint takes them: `P2D`, `PT3H`, `P1DT12H30M`. */
export function parseDuration(text: string): number | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  return (
    ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 24 * 3600 +
      Number(h ?? 0) * 3600 +
      Number(min ?? 0) * 60 +
      Number(s ?? 0)) *
    1000
  );
}

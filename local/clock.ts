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
    // Real time is read once: between two readings it moves on, and a move to "now" read a moment
    // earlier would be refused as going backwards.
    const real = Date.now();
    const now = real + this.offsetMs;
    const target = 'ms' in change ? now + change.ms : change.to.getTime();
    if (target < now) throw new RangeError('the clock only moves forward');
    this.offsetMs = target - real;
    if (this.persist) this.save();
    return new Date(target);
  }

  /**
   * Moves the clock to `to`, or leaves it where it is when it is already there or past: what the
   * stack does on its way through what fell due (something due earlier runs now). One reading of
   * real time: `advance({ to: max(to, now()) })` read it twice, and on a loaded machine the
   * millisecond between them made a simulation's clock call fail ("the clock only moves forward").
   */
  moveAtLeastTo(to: Date): Date {
    const real = Date.now();
    if (to.getTime() > real + this.offsetMs) {
      this.offsetMs = to.getTime() - real;
      if (this.persist) this.save();
    }
    return new Date(real + this.offsetMs);
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

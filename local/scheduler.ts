import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalClock } from './clock';

export interface LocalJob {
  name: string;
  /** The first time the job is due strictly after `after`. */
  nextAfter(after: Date): Date;
  run(): Promise<unknown>;
}

/**
 * The local stand-in for the EventBridge rules: runs each job when the local clock passes its
 * time. When each job last ran is kept in `$DATA_DIR/schedule.json`; a run missed while the stack
 * was stopped happens once at the next start, as a retried invocation would on AWS.
 */
export class LocalScheduler {
  private readonly file: string;
  private lastRun: Record<string, string>;
  /** Wall milliseconds each job has run, in all (a simulation shows its nights' share of each month). */
  readonly spentMs: Record<string, number> = {};
  /**
   * And the process's CPU milliseconds meanwhile (every thread: dynalite's and V8's too), which a
   * machine other work shares does not stretch as it does wall time. Nothing else runs while a
   * job does: the clock waits for it.
   */
  readonly spentCpuMs: Record<string, number> = {};

  /** `persist: false` (a stack held in memory): nothing is read from or written to the data folder. */
  constructor(
    private readonly clock: LocalClock,
    private readonly jobs: LocalJob[],
    dataDir: string,
    private readonly persist = true,
  ) {
    this.file = join(dataDir, 'schedule.json');
    this.lastRun = persist && existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : {};
    const now = this.clock.now().toISOString();
    for (const job of jobs) this.lastRun[job.name] ??= now;
    this.save();
  }

  /** The earliest time a job is due, as epoch ms. */
  nextDue(): number {
    return Math.min(...this.jobs.map((job) => this.dueOf(job)));
  }

  /** Runs every job that is due at the current local time, once each. */
  async runDue(): Promise<void> {
    const now = this.clock.now();
    for (const job of this.jobs) {
      if (this.dueOf(job) > now.getTime()) continue;
      const started = performance.now();
      const cpu = process.cpuUsage();
      try {
        await job.run();
      } finally {
        this.spentMs[job.name] = (this.spentMs[job.name] ?? 0) + performance.now() - started;
        const used = process.cpuUsage(cpu);
        this.spentCpuMs[job.name] = (this.spentCpuMs[job.name] ?? 0) + (used.user + used.system) / 1000;
      }
      this.lastRun[job.name] = now.toISOString();
      this.save();
    }
  }

  private dueOf(job: LocalJob): number {
    return job.nextAfter(new Date(this.lastRun[job.name]!)).getTime();
  }

  private save(): void {
    if (this.persist) writeFileSync(this.file, JSON.stringify(this.lastRun));
  }
}

/** Every day at `hh:mm` Shanghai time (UTC+8 all year). */
export function dailyAtShanghai(hhmm: string): (after: Date) => Date {
  return (after) => {
    const day = new Date(after.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const today = new Date(`${day}T${hhmm}:00+08:00`);
    return today > after ? today : new Date(today.getTime() + 86_400_000);
  };
}

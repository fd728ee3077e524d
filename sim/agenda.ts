/**
 * The simulation's agenda: what the simulated people will do, each at a time on the local clock.
 * Jobs due at the same time run in the order they were planned, so a run is repeatable.
 */
interface Job {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

export class Agenda {
  private readonly jobs: Job[] = [];
  private seq = 0;

  at(time: number, run: () => Promise<void>): void {
    this.jobs.push({ at: time, seq: this.seq++, run });
  }

  /** Runs every job due by `now`, including those that running jobs plan for no later than `now`. */
  async runDue(now: number): Promise<void> {
    for (;;) {
      this.jobs.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.jobs[0];
      if (!next || next.at > now) return;
      this.jobs.shift();
      await next.run();
    }
  }
}

/**
 * The simulation's agenda: what the simulated people will do, each at a time on the local clock.
 * Jobs due at the same time run in the order they were planned, so a run is repeatable. A binary
 * heap: a province's year plans about 150,000 jobs with thousands waiting at once, and sorting
 * the waiting list before every job cost more than the jobs.
 */
interface Job {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

const before = (a: Job, b: Job) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class Agenda {
  private readonly heap: Job[] = [];
  private seq = 0;

  at(time: number, run: () => Promise<void>): void {
    const heap = this.heap;
    heap.push({ at: time, seq: this.seq++, run });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** Runs every job due by `now`, including those that running jobs plan for no later than `now`. */
  async runDue(now: number): Promise<void> {
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > now) return;
      this.take();
      await next.run();
    }
  }

  get size(): number {
    return this.heap.length;
  }

  private take(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

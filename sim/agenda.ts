import { pool } from '../adapters/pool';

/**
 * The simulation's agenda: what the simulated people will do, each at a time on the local clock.
 *
 * Each job belongs to one thread of events, named by its `rank` (the simulator's: the order it
 * concerns, by the number of the request it came from). Jobs that fall due together run at once,
 * as the people of a province do, up to `width` threads at a time; a thread's own jobs run one
 * after another in the order they fall due. Threads start in a fixed order (by time, then rank, then
 * the order they were planned), whatever order the calls that planned them finished in, so the
 * first job of a thread that reads or changes state shared with other threads (a month's running
 * satisfaction count, say) does so repeatably if it does it before its first `await`. (A thread's
 * later jobs start when its earlier ones end, at no fixed point among the other threads.)
 *
 * A binary heap: a province's year plans about 150,000 jobs with thousands waiting at once.
 */
interface Job {
  at: number;
  rank: number;
  seq: number;
  run: (now: number) => Promise<void>;
}

const before = (a: Job, b: Job) =>
  a.at < b.at || (a.at === b.at && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));

export class Agenda {
  private readonly heap: Job[] = [];
  private seq = 0;

  constructor(private readonly width = 16) {}

  /** Plans `run` for `time` in thread `rank`; it is given the time it runs at (`now` of runDue). */
  at(time: number, rank: number, run: (now: number) => Promise<void>): void {
    const heap = this.heap;
    heap.push({ at: time, rank, seq: this.seq++, run });
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
      const threads = new Map<number, Job[]>();
      while (this.heap.length > 0 && this.heap[0]!.at <= now) {
        const job = this.take();
        const thread = threads.get(job.rank);
        if (thread) thread.push(job);
        else threads.set(job.rank, [job]);
      }
      if (threads.size === 0) return;
      const queue = [...threads.values()];
      await pool(queue.length, this.width, async (k) => {
        for (const job of queue[k]!) await job.run(now);
      });
    }
  }

  get size(): number {
    return this.heap.length;
  }

  private take(): Job {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return top;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
}

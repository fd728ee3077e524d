import { Agenda } from '../../sim/agenda';
import { mulberry32 } from '../../sim/random';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the simulation agenda', () => {
  it('starts due jobs by time, then rank, then the order they were planned in, however long each takes', async () => {
    const agenda = new Agenda(8);
    const rng = mulberry32(7);
    const planned: Array<{ at: number; rank: number; k: number }> = [];
    const started: number[] = [];
    for (let k = 0; k < 500; k++) {
      const at = Math.floor(rng() * 40);
      const rank = Math.floor(rng() * 1000);
      const wait = Math.floor(rng() * 3);
      planned.push({ at, rank, k });
      agenda.at(at, rank, async () => {
        started.push(k); // before the first await: in the agenda's fixed order
        await pause(wait);
      });
    }
    await agenda.runDue(19);
    const due = planned.filter((p) => p.at <= 19);
    // Each wave (here, all of them at once) starts its threads in order; a thread's own jobs in turn.
    const expected = due.sort((a, b) => a.at - b.at || a.rank - b.rank || a.k - b.k);
    const firstOfThread = expected.filter((p, i) => expected.findIndex((q) => q.rank === p.rank) === i);
    expect(started.filter((k) => firstOfThread.some((p) => p.k === k))).toEqual(
      firstOfThread.map((p) => p.k),
    );
    expect([...started].sort((a, b) => a - b)).toEqual(due.map((p) => p.k).sort((a, b) => a - b));
    expect(agenda.size).toBe(500 - due.length);
  });

  it('runs the threads due together at once, up to its width, and one thread’s jobs one after another', async () => {
    const agenda = new Agenda(4);
    let running = 0;
    let most = 0;
    const log: string[] = [];
    for (let rank = 0; rank < 10; rank++)
      for (const step of ['a', 'b'])
        agenda.at(1, rank, async () => {
          running++;
          most = Math.max(most, running);
          log.push(`${rank}${step}+`);
          await pause(5);
          log.push(`${rank}${step}-`);
          running--;
        });
    await agenda.runDue(1);
    expect(most).toBe(4);
    for (let rank = 0; rank < 10; rank++)
      expect(log.indexOf(`${rank}a-`)).toBeLessThan(log.indexOf(`${rank}b+`));
  });

  it('runs a job that a running job plans for no later than now, gives each job that time, and keeps a later one waiting', async () => {
    const agenda = new Agenda();
    const ran: string[] = [];
    agenda.at(4, 1, async (now) => {
      ran.push(`a@${now}`);
      agenda.at(5, 1, async (later) => {
        ran.push(`c@${later}`);
      });
      agenda.at(6, 1, async () => {
        ran.push('later');
      });
    });
    agenda.at(5, 2, async () => {
      ran.push('b');
    });
    await agenda.runDue(5);
    expect(ran).toEqual(['a@5', 'b', 'c@5']);
    expect(agenda.size).toBe(1);
  });
});

import { Agenda } from '../../sim/agenda';
import { mulberry32 } from '../../sim/random';

describe('the simulation agenda', () => {
  it('runs due jobs by time, and jobs planned for the same time in the order they were planned', async () => {
    const agenda = new Agenda();
    const rng = mulberry32(7);
    const planned: Array<{ at: number; k: number }> = [];
    const ran: number[] = [];
    for (let k = 0; k < 500; k++) {
      const at = Math.floor(rng() * 40);
      planned.push({ at, k });
      agenda.at(at, async () => {
        ran.push(k);
      });
    }
    await agenda.runDue(19);
    const expected = planned
      .filter((p) => p.at <= 19)
      .sort((a, b) => a.at - b.at || a.k - b.k)
      .map((p) => p.k);
    expect(ran).toEqual(expected);
    expect(agenda.size).toBe(500 - expected.length);
  });

  it('runs a job that a running job plans for no later than now, and keeps a later one waiting', async () => {
    const agenda = new Agenda();
    const ran: string[] = [];
    agenda.at(5, async () => {
      ran.push('a');
      agenda.at(5, async () => {
        ran.push('c');
      });
      agenda.at(6, async () => {
        ran.push('later');
      });
    });
    agenda.at(5, async () => {
      ran.push('b');
    });
    await agenda.runDue(5);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(agenda.size).toBe(1);
  });
});

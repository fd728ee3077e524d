import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalClock } from '../../local/clock';

/**
 * The stack moves its clock through everything that fell due, some of it due before now: a move
 * "to at least" a time must never be refused because real time moved on between two readings
 * (a scale-0.1 simulation died on a loaded machine with "the clock only moves forward").
 */
describe('LocalClock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minyi-clock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a move to at least a time real time has passed leaves the clock where it is, never back', () => {
    const clock = new LocalClock(dir, false, new Date('2026-03-02T01:00:00Z'));
    const earlier = clock.now();
    // Real time moves on by at least a millisecond (a spin on the time, not a sleep).
    for (const start = Date.now(); Date.now() === start; );
    const moved = clock.moveAtLeastTo(earlier);
    expect(moved.getTime()).toBeGreaterThan(earlier.getTime());
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(moved.getTime());
    // Moving back on purpose is still refused.
    expect(() => clock.advance({ to: earlier })).toThrow(RangeError);
  });

  test('a move to a later time gets there, and advance answers the time it moved to', () => {
    const clock = new LocalClock(dir, false, new Date('2026-03-02T01:00:00Z'));
    const later = new Date('2026-03-09T01:00:00Z');
    expect(clock.moveAtLeastTo(later).toISOString()).toBe(later.toISOString());
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(later.getTime());
    const week = new Date('2026-03-16T01:00:00Z');
    expect(clock.advance({ to: week }).toISOString()).toBe(week.toISOString());
  });
});

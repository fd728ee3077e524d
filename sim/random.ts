/** Seeded randomness for the simulator: the same seed plays the same province again, draw for draw. */

export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** A rating with the given shares of satisfied and basically satisfied; the rest unsatisfied. */
export function ratingOf(rng: () => number, satisfied: number, basically: number): Rating {
  const r = rng();
  return r < satisfied ? 'satisfied' : r < satisfied + basically ? 'basically_satisfied' : 'unsatisfied';
}

/** The seed of the k-th request's own stream. */
export function hashSeed(seed: number, k: number): number {
  return Math.imul(seed ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
}

/** A small seeded generator (mulberry32), so a simulation can be run again exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function weighted<T>(random: () => number, options: Array<[T, number]>): T {
  const total = options.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options.at(-1)![0];
}

export function pick<T>(random: () => number, options: readonly T[]): T {
  return options[Math.floor(random() * options.length)]!;
}

/** The time, behind a port: Lambda reads the system clock; the local stack a clock tests can move. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

import { CATEGORIES, type Category, type Channel } from '../domain/categories';
import type { Court, CourtDirectory } from '../domain/courts';
import { daysOf, monthPeriod } from '../domain/figures';
import {
  addDays,
  addMonths,
  shanghaiDate,
  startOfShanghaiDay,
  type WorkingCalendar,
} from '../domain/working-days';
import type { ApiClient, Reply } from './api-client';
import { Tally } from './tally';

/**
 * Realistic traffic for the local API: a province's year at scale 1 (about 283,000 requests, 95%
 * settled at first contact, the rest orders across all courts), spread over the days of the
 * simulated months, with courts replying on time, late or not at all, returns, extensions,
 * callbacks, unsatisfied citizens, unreachable ones, and ratings on every channel. Everything goes
 * through the HTTP API at a time the simulator sets on the shared clock, and the simulator keeps
 * its own count of what it did (Tally) to hold the reports against.
 */
export interface SimulationOptions {
  months: number;
  scale: number;
  seed?: number;
  api: ApiClient;
  courts: CourtDirectory;
  calendar: WorkingCalendar;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface SimulationResult {
  tally: Tally;
  months: string[];
  days: string[];
  /** When the last rollup ran: open rounds past their deadline by then are late in the reports. */
  asOf: Date;
  did: Record<string, number>;
}

const REQUESTS_PER_YEAR = 283_000;
const ORDER_SHARE = 0.05;
const CHANNEL_WEIGHTS: Array<[Channel, number]> = [
  ['hotline', 60],
  ['web', 15],
  ['wechat', 17],
  ['window', 8],
];
const CATEGORY_WEIGHTS: Record<Category, number> = {
  case_progress: 35,
  contact_judge: 20,
  litigation_guidance: 20,
  enforcement: 10,
  complaint: 5,
  interference_report: 1,
  suggestion: 4,
  other: 5,
};
const SLOTS = [9, 10, 11, 12, 13, 14, 15, 16, 17];
const HOUR = 3_600_000;

type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

interface SimOrder {
  /** This order's own random stream: its fate does not depend on what else runs at the same time. */
  rng: () => number;
  orderId: string;
  court: string;
  category: Category;
  firewalled: boolean;
  extended: boolean;
  returned: boolean;
  /** The reply round the court is on: its deadline and court. */
  round: { deadline: string; court: string } | null;
  reopenCount: number;
}

interface Job {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation {
  private readonly seed: number;
  /** Decides the days' volumes; each request draws from a stream of its own (see intake). */
  private readonly random: () => number;
  private readonly tally: Tally;
  private readonly basics: Court[];
  private readonly queue: Job[] = [];
  private seq = 0;
  private readonly did: Record<string, number> = {};
  private readonly openRounds = new Map<string, SimOrder>();

  constructor(private readonly o: SimulationOptions) {
    this.seed = o.seed ?? 12368;
    this.random = mulberry32(this.seed);
    this.tally = new Tally(o.courts);
    this.basics = o.courts.all().filter((c) => c.level === 'basic');
  }

  async run(): Promise<SimulationResult> {
    const { api } = this.o;
    const now = await api.now();
    // Whole months, from the first day of the month after the local clock's.
    const first = addMonths(shanghaiDate(now).slice(0, 7), 1);
    const months = Array.from({ length: this.o.months }, (_, i) => addMonths(first, i));
    const days = months.flatMap(daysOfMonth);
    const perDay = this.dailyVolumes(days);
    const total = perDay.reduce((a, b) => a + b, 0);
    let done = 0;

    for (const [i, day] of days.entries()) {
      const volume = perDay[i]!;
      for (const [s, hour] of SLOTS.entries()) {
        const at = at_(day, hour);
        await api.advanceTo(at);
        await this.runDue(at.getTime());
        const share = Math.floor((volume * (s + 1)) / SLOTS.length) - Math.floor((volume * s) / SLOTS.length);
        const first = done;
        await pool(share, 6, (k) => this.intake(mulberry32(hashSeed(this.seed, first + k))));
        done += share;
        this.o.onProgress?.(done, total, day);
      }
    }
    // The night after the last day rolls up that day and the last month.
    const endDay = nextDay(days.at(-1)!);
    const asOf = new Date(`${endDay}T00:31:00+08:00`);
    await api.advanceTo(asOf);
    this.finish(asOf);
    await this.countEscalations();
    return { tally: this.tally, months, days, asOf, did: this.did };
  }

  private dailyVolumes(days: string[]): number[] {
    // Weekdays busier than weekends and holidays; the total matches the province's year at scale 1.
    const weights = days.map(
      (d) => (this.o.calendar.isWorkingDay(d) ? 1.25 : 0.5) * (0.85 + 0.3 * this.random()),
    );
    const target = Math.round((REQUESTS_PER_YEAR * this.o.scale * this.o.months) / 12);
    const sum = weights.reduce((a, b) => a + b, 0);
    const volumes = weights.map((w) => Math.floor((w / sum) * target));
    for (let k = target - volumes.reduce((a, b) => a + b, 0), i = 0; k > 0; k--, i++)
      volumes[i % volumes.length]!++;
    return volumes;
  }

  private count(what: string): void {
    this.did[what] = (this.did[what] ?? 0) + 1;
  }

  // ---- requests -------------------------------------------------------------------------------

  private async intake(rng: () => number): Promise<void> {
    const { api } = this.o;
    const agent = await api.token('agent', '赣');
    const channel = weighted(rng, CHANNEL_WEIGHTS);
    const category = weighted(
      rng,
      CATEGORIES.map((c) => [c, CATEGORY_WEIGHTS[c]] as [Category, number]),
    );
    const court = this.basics[Math.floor(rng() * this.basics.length)]!.code;
    // A window request is at a court; others name one by case number, by choice, or not at all.
    const how =
      channel === 'window'
        ? 'chosen'
        : pick(rng, ['case', 'case', 'case', 'chosen', 'chosen', 'none'] as const);
    const becomesOrder = how !== 'none' && rng() < ORDER_SHARE / (5 / 6);
    const body = {
      channel,
      category,
      content: `模拟诉求：${category}`,
      contact: {
        name: `模拟${Math.floor(rng() * 1000)}`,
        phone: `13${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
      },
      ...(how === 'case' ? { caseNumber: `(2026)${court}民初${1 + Math.floor(rng() * 9999)}号` } : {}),
      ...(how === 'chosen' ? { courtCode: court } : {}),
    };
    const staffChannel = channel === 'hotline' || channel === 'window';
    const created = must(
      await api.call('POST', '/v1/requests', { body, ...(staffChannel ? { token: agent } : {}) }),
      201,
    );
    const at = await this.now();
    const requestCourt = how === 'none' ? '赣' : court;
    const settled = !becomesOrder;
    this.tally.add(at, requestCourt, (c) => {
      c.requests.total++;
      c.requests.byChannel[channel]++;
      c.requests.byCategory[category]++;
      if (settled) c.requests.settled++;
    });
    this.count('requests');

    if (settled) {
      must(
        await api.call('POST', `/v1/requests/${created.requestId}/settle`, {
          token: agent,
          body: { answer: '已答复' },
        }),
        200,
      );
      this.count('settled');
      await this.rateRequest(rng, channel, created, requestCourt);
      return;
    }
    const order = must(
      await api.call('POST', `/v1/requests/${created.requestId}/orders`, { token: agent, body: {} }),
      201,
    );
    this.tally.add(await this.now(), order.courtCode, (c) => {
      c.orders.created++;
      c.orders.createdByCategory[category]++;
    });
    this.count('orders');
    const sim: SimOrder = {
      rng,
      orderId: order.orderId,
      court: order.courtCode,
      category,
      firewalled: order.firewalled,
      extended: false,
      returned: false,
      round: { deadline: order.deadline, court: order.courtCode },
      reopenCount: 0,
    };
    this.openRounds.set(sim.orderId, sim);
    this.planRound(sim, await this.now());
  }

  private async rateRequest(
    rng: () => number,
    channel: Channel,
    created: { requestId: string; accessCode: string },
    court: string,
  ): Promise<void> {
    const { api } = this.o;
    const share = { hotline: 0.4, window: 0.6, web: 0.25, wechat: 0.25 }[channel];
    if (rng() >= share) return;
    const agent = await api.token('agent', '赣');
    const mint =
      channel === 'window'
        ? await api.call('POST', '/v1/evaluation-tokens', {
            token: agent,
            body: { channel, subject: `${court}-W0${1 + Math.floor(rng() * 3)}` },
          })
        : channel === 'hotline'
          ? await api.call('POST', '/v1/evaluation-tokens', {
              token: agent,
              body: { channel, subject: created.requestId },
            })
          : await api.call('POST', '/v1/evaluation-tokens', {
              body: { channel, subject: created.requestId, accessCode: created.accessCode },
            });
    const rating = ratingOf(rng, 0.85, 0.1);
    must(await api.call('POST', '/v1/evaluations', { body: { token: must(mint, 201).token, rating } }), 201);
    this.rate(await this.now(), court, channel, rating);
  }

  private rate(
    at: Date,
    court: string,
    channel: 'web' | 'wechat' | 'hotline' | 'window' | 'callback',
    rating: Rating,
  ): void {
    this.tally.add(at, court, (c) => {
      for (const t of [c.satisfaction, c.satisfaction.byChannel[channel]]) {
        t.rated++;
        if (rating === 'satisfied') t.satisfied++;
        else if (rating === 'basically_satisfied') t.basicallySatisfied++;
        else t.unsatisfied++;
      }
    });
    this.count(`rated_${channel}`);
  }

  // ---- orders ---------------------------------------------------------------------------------

  /** What the court does with a new round: sometimes return it, sometimes ask for more time, then reply (on time, late or never). */
  private planRound(order: SimOrder, now: Date): void {
    const r = order.rng();
    if (r < 0.04 && !order.returned && !order.firewalled && order.reopenCount === 0) {
      this.at(this.workingSlot(now.getTime() + HOUR), () => this.giveBack(order));
      return;
    }
    if (r < 0.08 && !order.extended) {
      this.at(this.workingSlot(now.getTime() + HOUR), () => this.extend(order));
      return;
    }
    this.planReply(order, now);
  }

  private planReply(order: SimOrder, now: Date): void {
    const deadline = new Date(order.round!.deadline);
    const u = order.rng();
    if (u < 0.87) {
      // On time: a working slot between the next hour and the deadline's last slot.
      const slots = this.workingSlotsBetween(now.getTime() + HOUR, deadline.getTime() - 30 * 60_000);
      if (slots.length === 0) this.planLate(order, deadline);
      else this.at(slots[Math.floor(order.rng() * slots.length)]!, () => this.reply(order));
    } else if (u < 0.97) {
      this.planLate(order, deadline);
    }
    // else: the court never answers; the round stays open and late.
  }

  private planLate(order: SimOrder, deadline: Date): void {
    const late = this.o.calendar.addWorkingDays(deadline, 1 + Math.floor(order.rng() * 3));
    this.at(new Date(`${shanghaiDate(late)}T10:00:00+08:00`).getTime(), () => this.reply(order));
  }

  private async giveBack(order: SimOrder): Promise<void> {
    const { api } = this.o;
    const handler = await api.token('handler', order.court);
    must(
      await api.call('POST', `/v1/orders/${order.orderId}/return`, {
        token: handler,
        body: { reason: '非本院管辖' },
      }),
      200,
    );
    this.tally.add(await this.now(), order.court, (c) => c.orders.returned++);
    this.count('returned');
    order.returned = true;
    order.round = null;
    this.at(this.workingSlot((await this.now()).getTime() + HOUR), async () => {
      const target = this.o.courts.superiorOf(order.court).code;
      const agent = await api.token('agent', '赣');
      const res = must(
        await api.call('POST', `/v1/orders/${order.orderId}/dispatch`, {
          token: agent,
          body: { courtCode: target },
        }),
        200,
      );
      order.court = res.courtCode;
      order.round = { deadline: res.deadline, court: res.courtCode };
      this.planReply(order, await this.now());
    });
  }

  private async extend(order: SimOrder): Promise<void> {
    const { api } = this.o;
    const handler = await api.token('handler', order.court);
    must(
      await api.call('POST', `/v1/orders/${order.orderId}/extension`, {
        token: handler,
        body: { reason: '需调取卷宗', workingDays: 2 },
      }),
      200,
    );
    order.extended = true;
    this.at(this.workingSlot((await this.now()).getTime() + HOUR), async () => {
      const supervisor = await api.token('supervisor', this.o.courts.superiorOf(order.court).code);
      const res = must(
        await api.call('POST', `/v1/orders/${order.orderId}/extension/decision`, {
          token: supervisor,
          body: { approved: true },
        }),
        200,
      );
      order.round = { deadline: res.deadline, court: order.court };
      this.count('extended');
      this.planReply(order, await this.now());
    });
  }

  private async reply(order: SimOrder): Promise<void> {
    const { api } = this.o;
    const handler = await api.token('handler', order.court);
    must(await api.call('POST', `/v1/orders/${order.orderId}/accept`, { token: handler }), 200);
    const res = must(
      await api.call('POST', `/v1/orders/${order.orderId}/reply`, {
        token: handler,
        body: { answer: '已办理' },
      }),
      200,
    );
    const now = await this.now();
    const round = order.round!;
    const late = now > new Date(round.deadline);
    if (late !== res.late)
      throw new Error(`order ${order.orderId}: the simulator thinks late=${late}, the API says ${res.late}`);
    this.tally.add(now, order.court, (c) => c.orders.replied++);
    this.tally.add(round.deadline, round.court, (c) => (late ? c.orders.late++ : c.orders.onTime++));
    this.count(late ? 'replied_late' : 'replied_on_time');
    this.openRounds.delete(order.orderId);
    order.round = null;
    this.at(this.workingSlot(now.getTime() + 2 * HOUR), () => this.callBack(order, res.callbackDeadline));
  }

  private async callBack(order: SimOrder, callbackDeadline: string): Promise<void> {
    const { api } = this.o;
    const agent = await api.token('agent', '赣');
    if (order.rng() < 0.94) {
      const rating = ratingOf(order.rng, 0.8, 0.13);
      const res = must(
        await api.call('POST', `/v1/orders/${order.orderId}/callback`, {
          token: agent,
          body: { reached: true, rating },
        }),
        200,
      );
      return this.rated(order, rating, res);
    }
    let last: Reply | null = null;
    for (let i = 0; i < 3; i++)
      last = await api.call('POST', `/v1/orders/${order.orderId}/callback`, {
        token: agent,
        body: { reached: false },
      });
    must(last!, 200);
    this.count('unreached');
    if (order.rng() < 0.6) {
      const outbox = (await api.call('GET', '/_local/outbox')).body.items as Array<{
        kind: string;
        text: string;
        tags: { orderId?: string };
      }>;
      const sms = outbox.find((m) => m.kind === 'sms' && m.tags.orderId === order.orderId)!;
      const token = decodeURIComponent(/token=(\S+)/.exec(sms.text)![1]!);
      this.at(this.workingSlot((await this.now()).getTime() + 18 * HOUR), async () => {
        const rating = ratingOf(order.rng, 0.8, 0.13);
        must(await api.call('POST', '/v1/evaluations', { body: { token, rating } }), 201);
        const res = must(await api.call('GET', `/v1/orders/${order.orderId}`, { token: agent }), 200);
        this.count('rated_by_sms');
        await this.rated(order, rating, res);
      });
    } else {
      // Nobody answers the SMS either: the order closes as unreachable at the callback deadline.
      this.unreachable.push({ order, at: callbackDeadline });
    }
  }

  private readonly unreachable: Array<{ order: SimOrder; at: string }> = [];

  private async rated(
    order: SimOrder,
    rating: Rating,
    res: { status: string; deadline: string; reviewPending: boolean },
  ): Promise<void> {
    const now = await this.now();
    this.rate(now, order.court, 'callback', rating);
    if (res.status === 'closed') {
      this.tally.add(now, order.court, (c) => c.orders.closed++);
      this.count('closed');
    } else if (res.status === 'dispatched') {
      this.tally.add(now, order.court, (c) => c.orders.reopened++);
      this.count('reopened');
      order.reopenCount++;
      order.round = { deadline: res.deadline, court: order.court };
      this.openRounds.set(order.orderId, order);
      this.planReply(order, now);
    } else if (res.reviewPending) {
      this.at(this.workingSlot(now.getTime() + 20 * HOUR), async () => {
        const supervisor = await this.o.api.token('supervisor', this.o.courts.superiorOf(order.court).code);
        must(
          await this.o.api.call('POST', `/v1/orders/${order.orderId}/review`, {
            token: supervisor,
            body: { note: '已复核' },
          }),
          200,
        );
        this.tally.add(await this.now(), order.court, (c) => c.orders.closed++);
        this.count('closed_after_review');
      });
    }
  }

  /** The outcomes the system decides by itself, counted as the simulator expects them by `asOf`. */
  private finish(asOf: Date): void {
    for (const order of this.openRounds.values()) {
      if (order.round && new Date(order.round.deadline) < asOf) {
        this.tally.add(order.round.deadline, order.round.court, (c) => c.orders.late++);
        this.count('left_unanswered_late');
      }
    }
    for (const { order, at } of this.unreachable) {
      if (new Date(at) <= asOf) {
        this.tally.add(at, order.court, (c) => c.orders.closed++);
        this.count('closed_unreachable');
      }
    }
  }

  /** Escalations are the system's: counted from the emails it sent (one per order, stage and step). */
  private async countEscalations(): Promise<void> {
    const outbox = (await this.o.api.call('GET', '/_local/outbox')).body.items as Array<{
      kind: string;
      sentAt: string;
      tags: { orderId?: string; courtCode?: string; step?: string; stageSeq?: number };
    }>;
    const seen = new Set<string>();
    for (const m of outbox) {
      const step = m.tags.step;
      if (m.kind !== 'email' || !step || !['warning', 'level1', 'level2', 'level3'].includes(step)) continue;
      const key = `${m.tags.orderId}|${m.tags.stageSeq}|${step}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.tally.add(m.sentAt, m.tags.courtCode!, (c) => c.escalations[step as 'warning']++);
      this.count(`escalation_${step}`);
    }
  }

  // ---- time -----------------------------------------------------------------------------------

  private at(time: number, run: () => Promise<void>): void {
    this.queue.push({ at: time, seq: this.seq++, run });
  }

  private async runDue(now: number): Promise<void> {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue[0];
      if (!next || next.at > now) return;
      this.queue.shift();
      await next.run();
    }
  }

  private async now(): Promise<Date> {
    return this.o.api.now();
  }

  /** The first simulation slot (on the hour, 09:00-17:00 of a working day) at or after `t`. */
  private workingSlot(t: number): number {
    for (let day = shanghaiDate(new Date(t)); ; day = nextDay(day)) {
      if (!this.o.calendar.isWorkingDay(day)) continue;
      for (const hour of SLOTS) {
        const slot = at_(day, hour).getTime();
        if (slot >= t) return slot;
      }
    }
  }

  private workingSlotsBetween(from: number, to: number): number[] {
    const out: number[] = [];
    for (let t = this.workingSlot(from); t <= to; t = this.workingSlot(t + 1)) out.push(t);
    return out;
  }
}

function at_(day: string, hour: number): Date {
  return new Date(startOfShanghaiDay(day).getTime() + hour * HOUR);
}

/** The reply's body, when it has the status the simulator counted on; anything else stops the run. */
function must(reply: Reply, status: number) {
  if (reply.status !== status)
    throw new Error(`expected ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

function ratingOf(rng: () => number, satisfied: number, basically: number): Rating {
  const r = rng();
  return r < satisfied ? 'satisfied' : r < satisfied + basically ? 'basically_satisfied' : 'unsatisfied';
}

/** The seed of the k-th request's own stream. */
function hashSeed(seed: number, k: number): number {
  return Math.imul(seed ^ Math.imul(k + 1, 0x9e3779b1), 0x85ebca6b) >>> 0;
}

/** A small seeded generator (mulberry32), so a simulation can be run again exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(random: () => number, options: Array<[T, number]>): T {
  const total = options.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options.at(-1)![0];
}

function pick<T>(random: () => number, options: readonly T[]): T {
  return options[Math.floor(random() * options.length)]!;
}

async function pool(count: number, width: number, task: (k: number) => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) await task(started++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

const nextDay = (day: string) => addDays(day, 1);
const daysOfMonth = (month: string) => daysOf(monthPeriod(month));

import { pool } from '../adapters/pool';
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
import { Agenda } from './agenda';
import type { ApiClient, Reply } from './api-client';
import { PROFILE as P } from './profile';
import { hashSeed, mulberry32, pick, type Rating, ratingOf, weighted } from './random';
import { type Part, Tally } from './tally';

/**
 * Realistic traffic for the local API: a province's year at scale 1 (283,000 requests, 27,328
 * orders across all courts, about 12,200 repeat calls linked to their matter, 95% resolved in one
 * pass), growing month by month (+32%
 * requests and +40% orders on the same month a year before), spread over the days of the
 * simulated months, with courts replying on time, late or not at all, returns, extensions,
 * callbacks (satisfaction rising from 92% to 99% over the year), unsatisfied citizens, unreachable
 * ones, and ratings on every channel. Everything goes through the HTTP API at a time the simulator
 * sets on the shared clock, and the simulator keeps its own count of what it did (Tally) to hold
 * the reports against.
 */
export interface SimulationOptions {
  /** The simulated year's length, in whole months (its volumes are `months`/12 of a year's). */
  months: number;
  scale: number;
  /**
   * First play the same months a year earlier at the prior year's volumes (the year's / 1.32
   * requests and / 1.40 orders), so that the simulated months have year-on-year figures: for 12
   * months or more, the whole year just before; for fewer, those months only, then months of no
   * new traffic (the agenda still runs: late replies, callbacks, reviews) up to the simulated year.
   */
  priorYear?: boolean;
  /**
   * The share of the simulated year's requests that become orders. @default the profile's
   * `orderShare`, the seed's 27,328 orders of 283,000 (9.66%: 90.3% settled at first contact).
   */
  orderShare?: number;
  seed?: number;
  api: ApiClient;
  courts: CourtDirectory;
  calendar: WorkingCalendar;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface SimulationResult {
  tally: Tally;
  /** The simulated year's months and days. */
  months: string[];
  days: string[];
  /** The prior year's months and days played before it (none without `priorYear`). */
  priorMonths: string[];
  priorDays: string[];
  /** When the last rollup ran: open rounds past their deadline by then are late in the reports. */
  asOf: Date;
  did: Record<string, number>;
  /**
   * The days whose judgement a later decision changed (a reply or a return rejected after the
   * round's deadline day): the reports of these days must have followed (issue 21).
   */
  rejudgedDays: string[];
}

const HOUR = 3_600_000;

/**
 * A reply round as the simulator follows it: the deadline it is judged against and the court it
 * counts for, whether it is late whatever happens (an extension approved after its deadline), and
 * when the court must now answer (`due`, moved by an extension approved in time).
 */
interface SimRound {
  deadline: string;
  court: string;
  late: boolean;
  due: string;
}

interface SimOrder {
  /** This order's own random stream: its fate does not depend on what else runs at the same time. */
  rng: () => number;
  /** The number of the request it came from: its jobs' thread on the agenda. */
  rank: number;
  orderId: string;
  court: string;
  category: Category;
  part: Part;
  firewalled: boolean;
  extended: boolean;
  returned: boolean;
  /** The center has sent a reply of this order back once (答复不合格). */
  replyRejected: boolean;
  /** The reply round the court is on. */
  round: SimRound | null;
  /** The round a return interrupted, resumed if the center rejects the return. */
  returnedRound: SimRound | null;
  reopenCount: number;
  /** The court its request counts at: where its second pass counts (一次性办理到位). */
  requestCourt: string;
  /** A second pass is decided for it (counted against the profile's share), and one happened. */
  secondPassClaimed: boolean;
  secondPass: boolean;
}

/** An earlier request a repeat caller may ring about (重复诉求): what the caller says again. */
interface Matter {
  rank: number;
  trackingNo: string;
  phone: string;
  category: Category;
  caseNumber?: string;
  courtCode?: string;
  /** Where the request counts, and so its repeats. */
  requestCourt: string;
  order: SimOrder | null;
  at: number;
}

/** What an intake is: a request settled at first contact, one made an order, or a repeat call. */
type Intake = 'settle' | 'order' | 'repeat';

const newRound = (deadline: string, court: string): SimRound => ({
  deadline,
  court,
  late: false,
  due: deadline,
});

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  return new Simulation(options).run();
}

class Simulation {
  private readonly seed: number;
  /** Decides the days' volumes; each request draws from a stream of its own (see intake). */
  private readonly random: () => number;
  private readonly tally: Tally;
  private readonly basics: Court[];
  /** What the simulated people will do next, each at its time. */
  private readonly agenda = new Agenda();
  private readonly did: Record<string, number> = {};
  private readonly openRounds = new Map<string, SimOrder>();
  private readonly orders = new Map<string, SimOrder>();
  private returnsReviewed = 0;
  private readonly rejudgedDays = new Set<string>();
  private readonly intermediates: Court[];
  /** Earlier requests repeat callers ring about: those of past slots, in time order; those with an order apart. */
  private readonly matters: Matter[] = [];
  private readonly orderMatters: Matter[] = [];
  /** This slot's new matters, added to `matters` in rank order once the slot is over. */
  private pendingMatters: Matter[] = [];
  /** Orders planned up to the end of the day being played, and second passes decided so far. */
  private ordersPlanned = 0;
  private secondPassesClaimed = 0;
  /** The ways of approving a return played so far (each at least once: see the review). */
  private readonly approvalsPlayed = new Set<string>();
  /**
   * When each order waited for a court's reply, round by round: from the round's start (or its
   * resumption after a rejected return or reply) to the reply or return (never, if none came).
   * Late and still unanswered (超期未办结) at an instant is read from these (openLate()).
   */
  private readonly waits: Array<{
    order: SimOrder;
    round: SimRound;
    court: string;
    from: number;
    to: number;
  }> = [];
  private readonly waiting = new Map<string, number>();

  constructor(private readonly o: SimulationOptions) {
    this.seed = o.seed ?? 12368;
    this.random = mulberry32(this.seed);
    this.tally = new Tally(o.courts);
    this.basics = o.courts.all().filter((c) => c.level === 'basic');
    this.intermediates = o.courts.all().filter((c) => c.level === 'intermediate');
  }

  /** The knowledge base's entries the agents answer from, one per category (written by the center at the start). */
  private readonly knowledge = new Map<Category, string>();

  /** The center writes one knowledge-base entry per category: the agents' first-contact answers name them. */
  private async writeKnowledge(): Promise<void> {
    const center = await this.o.api.token('supervisor', '赣', 'sim-center');
    for (const category of CATEGORIES) {
      const entry = must(
        await this.o.api.call('POST', '/v1/knowledge', {
          token: center,
          body: {
            title: `模拟知识：${category}`,
            question: `关于${category}的常见问题`,
            answer: '按有关规定办理。',
            category,
            tags: ['模拟'],
          },
        }),
        201,
      );
      this.knowledge.set(category, entry.knowledgeId);
    }
  }

  async run(): Promise<SimulationResult> {
    const { api } = this.o;
    await this.writeKnowledge();
    const now = await api.now();
    // Whole months, from the first day of the month after the local clock's: the prior year's
    // months first when there is one, the simulated year a year after them.
    const start = addMonths(shanghaiDate(now).slice(0, 7), 1);
    const first = this.o.priorYear ? addMonths(start, 12) : start;
    this.first = first;
    const months = Array.from({ length: this.o.months }, (_, i) => addMonths(first, i));
    const priorMonths = this.o.priorYear
      ? Array.from({ length: Math.min(this.o.months, 12) }, (_, i) => addMonths(first, i - 12))
      : [];
    const played = Array.from({ length: monthsFrom(start, months.at(-1)!) + 1 }, (_, i) =>
      addMonths(start, i),
    );
    const plan = this.plan(played);
    for (const day of plan.days) this.tally.cover(day);
    for (const month of played) this.tally.cover(month);
    const total = plan.requests.reduce((a, b) => a + b, 0);
    let done = 0;

    for (const [i, day] of plan.days.entries()) {
      const volume = plan.requests[i]!;
      const orders = this.positions(volume, plan.orders[i]!, plan.repeats[i]!);
      this.ordersPlanned += plan.orders[i]!;
      let ofDay = 0;
      for (const [s, hour] of P.hours.entries()) {
        const at = at_(day, hour);
        const share =
          Math.floor((volume * (s + 1)) / P.hours.length) - Math.floor((volume * s) / P.hours.length);
        // A slot with nobody calling and nothing planned is passed over (the months between a short
        // prior year and the simulated year are mostly such): the next move of the clock runs
        // whatever falls due in it.
        if (share === 0 && !this.plannedBy(at.getTime())) continue;
        await this.advanceTo(at);
        const [base, dayBase] = [done, ofDay];
        // What falls due now (courts replying, callbacks) and the hour's new requests, at once.
        await Promise.all([
          this.agenda.runDue(at.getTime()),
          pool(share, 6, (k) =>
            this.intake(mulberry32(hashSeed(this.seed, base + k)), orders[dayBase + k]!, base + k),
          ),
        ]);
        done += share;
        ofDay += share;
        for (const m of this.pendingMatters.sort((a, b) => a.rank - b.rank)) {
          this.matters.push(m);
          if (m.order) this.orderMatters.push(m);
        }
        this.pendingMatters = [];
        this.forgetOldMatters();
        this.o.onProgress?.(done, total, day);
      }
    }
    // The night after the last day rolls up that day and the last month.
    const endDay = nextDay(plan.days.at(-1)!);
    const asOf = new Date(`${endDay}T00:31:00+08:00`);
    await this.advanceTo(asOf);
    this.finish(asOf);
    this.openLate(plan.days, played, asOf);
    await this.countEscalations();
    return {
      tally: this.tally,
      months,
      days: months.flatMap(daysOfMonth),
      priorMonths,
      priorDays: priorMonths.flatMap(daysOfMonth),
      asOf,
      did: this.did,
      rejudgedDays: [...this.rejudgedDays].sort(),
    };
  }

  /** The simulated year's first month: month 0 of the growth curves and the satisfaction ramp. */
  private first = '';

  /**
   * Every played day's requests and orders. The simulated year has the province's requests at
   * scale (`months`/12 of a year's) and `orderShare` of them as orders, spread over its months
   * along curves that grow by the year-on-year rates over twelve months; a prior month has the
   * curve's value a year earlier; the months between (a short prior year's gap) have none. Within
   * a month, working days are busier than weekends and holidays, and a day's orders follow its
   * requests.
   */
  private plan(played: string[]): {
    days: string[];
    requests: number[];
    orders: number[];
    repeats: number[];
  } {
    const yearly = Math.round((P.requestsPerYear * this.o.scale * this.o.months) / 12);
    const curve = (total: number, yoy: number) => {
      const growth = (1 + yoy) ** (1 / 12);
      const year = played.filter((m) => m >= this.first);
      const sum = year.reduce((a, m) => a + growth ** monthsFrom(this.first, m), 0);
      const inYear = apportion(
        total,
        year.map((m) => growth ** monthsFrom(this.first, m)),
      );
      return played.map((m) => {
        const index = monthsFrom(this.first, m);
        if (index >= 0) return inYear[index]!;
        // A prior month: the same month of the year, a year earlier, when it is played.
        return index >= -12 && index + 12 < this.o.months && this.o.priorYear
          ? Math.round((total * growth ** index) / sum)
          : 0;
      });
    };
    const requests = curve(yearly, P.requestsYoY);
    const orders = curve(Math.round(yearly * (this.o.orderShare ?? P.orderShare)), P.ordersYoY);
    // Repeat callers are callers: their share of the requests grows with them.
    const repeats = curve(Math.round(yearly * P.repeatShare), P.requestsYoY);
    const days: string[] = [];
    const perDay: number[] = [];
    const ordersPerDay: number[] = [];
    const repeatsPerDay: number[] = [];
    for (const [i, month] of played.entries()) {
      const monthDays = daysOfMonth(month);
      // Weekdays busier than weekends and holidays, with some spread.
      const weights = monthDays.map(
        (d) =>
          (this.o.calendar.isWorkingDay(d) ? P.workingDayLoad : P.restDayLoad) *
          (P.dailyBase + P.dailyJitter * this.random()),
      );
      const volumes = apportion(requests[i]!, weights);
      days.push(...monthDays);
      perDay.push(...volumes);
      ordersPerDay.push(...apportion(orders[i]!, volumes));
      repeatsPerDay.push(...apportion(Math.min(repeats[i]!, requests[i]! - orders[i]!), volumes));
    }
    return { days, requests: perDay, orders: ordersPerDay, repeats: repeatsPerDay };
  }

  /** What each of a day's requests is: `orders` become orders, `repeats` are repeat calls, anywhere in the day. */
  private positions(volume: number, orders: number, repeats: number): Intake[] {
    const positions = Array.from({ length: volume }, (_, i) => i);
    const out = new Array<Intake>(volume).fill('settle');
    for (let k = 0; k < Math.min(volume, orders + repeats); k++) {
      const j = k + Math.floor(this.random() * (volume - k));
      [positions[k], positions[j]] = [positions[j]!, positions[k]!];
      out[positions[k]!] = k < orders ? 'order' : 'repeat';
    }
    return out;
  }

  /**
   * Whether one more order may take a second pass that the center or a court chooses (an approved
   * return, a rejected reply), and if so it is counted now: the profile's share of the orders
   * planned so far, by error diffusion, reopens included (they follow the callback's ratings).
   * Called before a job's first await (see later()), so the run is the same every time.
   */
  private claimSecondPass(order: SimOrder, chosen: boolean): boolean {
    if (order.secondPassClaimed) return true;
    if (chosen && this.secondPassesClaimed >= P.secondPassShare * this.ordersPlanned) return false;
    order.secondPassClaimed = true;
    this.secondPassesClaimed++;
    return true;
  }

  /** Matters older than a repeat may reach (60 days) are dropped now and then: a year at scale 1 is 566,000 requests. */
  private forgetOldMatters(): void {
    const latest = this.matters.at(-1)?.at;
    if (latest === undefined || this.matters.length < 20_000) return;
    const keepFrom = latest - 61 * 86_400_000;
    for (const list of [this.matters, this.orderMatters]) list.splice(0, firstAtOrAfter(list, keepFrom));
  }

  /** The court starts (or resumes) waiting on the order's round at `at`. */
  private wait(order: SimOrder, at: Date): void {
    this.waiting.set(order.orderId, this.waits.length);
    this.waits.push({ order, round: order.round!, court: order.court, from: at.getTime(), to: Infinity });
  }

  /** The court answered (or returned) the order at `at`. */
  private stopWaiting(order: SimOrder, at: Date): void {
    const k = this.waiting.get(order.orderId);
    if (k !== undefined) this.waits[k]!.to = at.getTime();
    this.waiting.delete(order.orderId);
  }

  /**
   * 超期未办结 in every played day and month: an order counts, at the court then handling it, when
   * at the period's end (or `asOf`, for a period not over) it was waiting for a reply past its
   * round's deadline (an extension approved in time had moved it; one approved late had not). A
   * snapshot: each period on its own, not a day's count added to its month.
   */
  private openLate(days: string[], months: string[], asOf: Date): void {
    const periods = [...days, ...months].map((p) => {
      const next = p.length === 7 ? `${addMonths(p, 1)}-01` : nextDay(p);
      return { p, at: Math.min(startOfShanghaiDay(next).getTime(), asOf.getTime()) };
    });
    for (const w of this.waits) {
      const deadline = Date.parse(w.round.deadline);
      for (const { p, at } of periods) {
        if (w.from < at && at <= w.to && deadline < at)
          this.tally.addTo(p, w.court, w.order.part, (c) => c.orders.openLate++);
      }
    }
  }

  /** The order's first second pass, as it happens: counted once, where its request counts. */
  private passAgain(order: SimOrder, at: Date): void {
    if (order.secondPass) return;
    order.secondPass = true;
    this.tally.add(at, order.requestCourt, order.part, (c) => c.orders.secondPass++);
    this.count('second_pass');
  }

  /** How many jobs the agenda holds for each time. */
  private readonly planned = new Map<number, number>();

  /**
   * Plans a job of `order` on the agenda, keeping count of when it runs. Jobs of different orders
   * due together run at once: a job that reads or changes what other orders' jobs share (the
   * month's callback ratings, the returns reviewed) does so before its first `await`, where the
   * agenda's fixed order holds (sim/agenda.ts), and is the only job its order has due at that
   * time (each of these is: an order's jobs follow one another).
   */
  private later(order: SimOrder, at: number, run: (now: Date) => Promise<void>): void {
    this.planned.set(at, (this.planned.get(at) ?? 0) + 1);
    this.agenda.at(at, order.rank, (now) => {
      const left = this.planned.get(at)! - 1;
      if (left === 0) this.planned.delete(at);
      else this.planned.set(at, left);
      return run(new Date(now));
    });
  }

  /** Whether a job is planned for `t` or earlier. */
  private plannedBy(t: number): boolean {
    for (const at of this.planned.keys()) if (at <= t) return true;
    return false;
  }

  private count(what: string): void {
    this.did[what] = (this.did[what] ?? 0) + 1;
  }

  private session: { token: string; expiresAt: number } | null = null;
  /** A WeChat citizen's session (wechat requests need one): one stands for them all, signed in again as it expires. */
  private async wechatSession(): Promise<string> {
    const now = (await this.now()).getTime();
    if (!this.session || this.session.expiresAt - 60_000 <= now) {
      const reply = must(
        await this.o.api.call('POST', '/v1/wechat/session', { body: { code: 'local-simulated-citizen' } }),
        201,
      );
      this.session = { token: reply.token, expiresAt: Date.parse(reply.expiresAt) };
    }
    return this.session.token;
  }

  // ---- requests -------------------------------------------------------------------------------

  private async intake(rng: () => number, kind: Intake, rank: number): Promise<void> {
    if (kind === 'repeat' && (await this.repeatCall(rng, rank))) return;
    const becomesOrder = kind === 'order';
    const { api } = this.o;
    const agent = await api.token('agent', '赣');
    const channel = weighted(rng, P.channels);
    const category = weighted(
      rng,
      CATEGORIES.map((c) => [c, P.categories[c]] as [Category, number]),
    );
    const firewalled = category === 'complaint' || category === 'interference_report';
    // Complaints and interference reports accuse courts of every level, the high court included.
    const level = firewalled ? rng() : 1;
    const court =
      level < P.accusedHighCourt
        ? this.o.courts.highCourt.code
        : level < P.accusedHighCourt + P.accusedIntermediate
          ? this.intermediates[Math.floor(rng() * this.intermediates.length)]!.code
          : this.basics[Math.floor(rng() * this.basics.length)]!.code;
    // A window request is at a court; others name one by case number, by choice, or not at all.
    const how =
      channel === 'window'
        ? 'chosen'
        : pick(rng, ['case', 'case', 'case', 'chosen', 'chosen', 'none'] as const);
    // A request naming no court becomes an order where the agent sends it (firewalled ones: to the
    // high court's supervision office, by rule).
    const override =
      becomesOrder && how === 'none' && !firewalled
        ? this.basics[Math.floor(rng() * this.basics.length)]!.code
        : undefined;
    const body = {
      channel,
      category,
      content: `模拟诉求：${category}`,
      contact: {
        name: `模拟${Math.floor(rng() * 1000)}`,
        phone: `13${String(Math.floor(rng() * 1e9)).padStart(9, '0')}`,
      },
      // A case of its own for each request (a second order for an open case needs a reason).
      ...(how === 'case' ? { caseNumber: `(2026)${court}民初${rank + 1}号` } : {}),
      ...(how === 'chosen' ? { courtCode: court } : {}),
    };
    const staffChannel = channel === 'hotline' || channel === 'window';
    // The mini program files with its citizen's WeChat session (one stands for them all here).
    const token = staffChannel ? agent : channel === 'wechat' ? await this.wechatSession() : undefined;
    const created = must(await api.call('POST', '/v1/requests', { body, ...(token ? { token } : {}) }), 201);
    const at = await this.now();
    const named = how === 'none' ? this.o.courts.highCourt.code : court;
    // The firewall: a complaint or a report counts at the court above the one it accuses (the
    // high court for itself), never at the accused court.
    const requestCourt = firewalled ? (this.o.courts.get(named).parentCode ?? named) : named;
    const part: Part = { category, channel };
    const settled = !becomesOrder;
    this.tally.add(at, requestCourt, part, (c) => {
      c.requests.total++;
      c.requests.byChannel[channel]++;
      c.requests.byCategory[category]++;
      if (settled) c.requests.settled++;
    });
    this.count('requests');
    if (firewalled) this.count(`firewalled_about_${this.o.courts.get(named).level}`);

    const matter: Matter = {
      rank,
      trackingNo: created.trackingNo,
      phone: body.contact.phone,
      category,
      ...(body.caseNumber ? { caseNumber: body.caseNumber } : {}),
      ...(body.courtCode ? { courtCode: body.courtCode } : {}),
      requestCourt,
      order: null,
      at: at.getTime(),
    };
    if (settled) {
      // Most answers come from the knowledge base (知识库): the settlement names the entries used.
      const withKnowledge = rng() < P.settledWithKnowledge;
      must(
        await api.call('POST', `/v1/requests/${created.requestId}/settle`, {
          token: agent,
          body: {
            answer: '已答复',
            ...(withKnowledge ? { knowledgeIds: [this.knowledge.get(category)!] } : {}),
          },
        }),
        200,
      );
      if (withKnowledge) {
        this.tally.add(at, requestCourt, part, (c) => c.requests.settledWithKnowledge++);
        this.count('settled_with_knowledge');
      }
      this.count('settled');
      this.pendingMatters.push(matter);
      await this.rateRequest(rng, channel, created, channel === 'window' ? court : requestCourt, part);
      return;
    }
    const order = must(
      await api.call('POST', `/v1/requests/${created.requestId}/orders`, {
        token: agent,
        body: override ? { courtCode: override } : {},
      }),
      201,
    );
    if (override) this.count('routed_by_override');
    this.tally.add(await this.now(), order.courtCode, part, (c) => {
      c.orders.created++;
      c.orders.createdByCategory[category]++;
    });
    this.count('orders');
    const sim: SimOrder = {
      rng,
      rank,
      orderId: order.orderId,
      court: order.courtCode,
      category,
      part,
      firewalled: order.firewalled,
      extended: false,
      returned: false,
      replyRejected: false,
      round: newRound(order.deadline, order.courtCode),
      returnedRound: null,
      reopenCount: 0,
      requestCourt,
      secondPassClaimed: false,
      secondPass: false,
    };
    this.orders.set(sim.orderId, sim);
    this.pendingMatters.push({ ...matter, order: sim });
    this.wait(sim, at);
    this.openRounds.set(sim.orderId, sim);
    if (rng() < P.urged) await this.urge(sim);
    this.planRound(sim, await this.now());
  }

  /**
   * A repeat caller (重复诉求): rings the hotline again about an earlier request of the last 60
   * days (an order's, mostly), says the same case and court, and the agent links the new request
   * to it: no order; the matter's order, if the court still holds it, is urged. False when there
   * is no earlier request yet to repeat (the run's first slot): the caller is then a new one.
   */
  private async repeatCall(rng: () => number, rank: number): Promise<boolean> {
    const { api } = this.o;
    // Matters are kept in time order: the last 60 days are a tail of each list (no scan of a year's).
    const since = this.matters.length === 0 ? 0 : this.matters.at(-1)!.at - 60 * 86_400_000;
    const ofOrders = this.orderMatters.length > 0 && rng() < P.repeatOfOrder;
    const from = ofOrders ? this.orderMatters : this.matters;
    const start = firstAtOrAfter(from, since);
    const matter = start < from.length ? from[start + Math.floor(rng() * (from.length - start))] : undefined;
    if (!matter) return false;
    const agent = await api.token('agent', '赣');
    const created = must(
      await api.call('POST', '/v1/requests', {
        token: agent,
        body: {
          channel: 'hotline',
          category: matter.category,
          content: '再次来电催问',
          contact: { name: `模拟${rank % 1000}`, phone: matter.phone },
          ...(matter.caseNumber ? { caseNumber: matter.caseNumber } : {}),
          ...(matter.courtCode ? { courtCode: matter.courtCode } : {}),
        },
      }),
      201,
    );
    const at = await this.now();
    const part: Part = { category: matter.category, channel: 'hotline' };
    // A repeat counts where its matter does (a complaint's: at the court above the accused).
    this.tally.add(at, matter.requestCourt, part, (c) => {
      c.requests.total++;
      c.requests.byChannel.hotline++;
      c.requests.byCategory[matter.category]++;
      c.requests.settled++;
      c.requests.repeat++;
    });
    this.count('requests');
    this.count('repeats');
    const linked = must(
      await api.call('POST', `/v1/requests/${created.requestId}/link`, {
        token: agent,
        body: { trackingNo: matter.trackingNo },
      }),
      200,
    );
    if (linked.repeatOf !== matter.trackingNo)
      throw new Error(`repeat ${created.trackingNo} linked elsewhere`);
    // Whether the court still held the order is the API's to say: its reply may come in this very hour.
    if (linked.urged) {
      const order = matter.order!;
      this.tally.add(await this.now(), linked.order.courtCode, order.part, (c) => c.orders.urged++);
      this.count('urged_by_repeat');
    }
    return true;
  }

  /** 催办: the center urges the court on an order it has in hand. */
  private async urge(order: SimOrder): Promise<void> {
    const agent = await this.o.api.token('agent', '赣');
    must(
      await this.o.api.call('POST', `/v1/orders/${order.orderId}/urge`, {
        token: agent,
        body: { note: '当事人来电催问' },
      }),
      200,
    );
    this.tally.add(await this.now(), order.court, order.part, (c) => c.orders.urged++);
    this.count('urged');
  }

  private async rateRequest(
    rng: () => number,
    channel: Channel,
    created: { requestId: string; accessCode: string },
    court: string,
    part: Part,
  ): Promise<void> {
    const { api } = this.o;
    const share = P.ratedAfterService[channel];
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
    const rating = ratingOf(rng, P.serviceRating.satisfied, P.serviceRating.basicallySatisfied);
    must(await api.call('POST', '/v1/evaluations', { body: { token: must(mint, 201).token, rating } }), 201);
    // A window-service rating rates the window, not the request: it belongs to no category.
    this.rate(
      await this.now(),
      court,
      channel,
      rating,
      channel === 'window' ? { category: null, channel } : part,
    );
  }

  private rate(
    at: Date,
    court: string,
    channel: 'web' | 'wechat' | 'hotline' | 'window' | 'callback',
    rating: Rating,
    part: Part,
  ): void {
    this.tally.add(at, court, part, (c) => {
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

  /**
   * What the court does with a new round: sometimes return it, sometimes ask for more time (in
   * time, or too late and refused), then reply (on time, late or never).
   */
  private planRound(order: SimOrder, now: Date): void {
    const r = order.rng();
    if (r < P.returned && !order.returned && !order.firewalled && order.reopenCount === 0) {
      this.later(order, this.workingSlot(now.getTime() + HOUR), () => this.giveBack(order));
      return;
    }
    if (r < P.returned + P.extendedInTime && !order.extended) {
      this.later(order, this.workingSlot(now.getTime() + HOUR), () => this.extend(order));
      return;
    }
    if (r < P.returned + P.extendedInTime + P.extendedTooLate && !order.extended) {
      // After the deadline the court asks for more time: refused (too_late); it answers late.
      const due = new Date(order.round!.due);
      this.later(order, this.workingSlot(due.getTime() + 1), () => this.extendTooLate(order));
      this.planLate(order, due);
      return;
    }
    this.planReply(order, now);
  }

  private planReply(order: SimOrder, now: Date): void {
    const due = new Date(order.round!.due);
    const u = order.rng();
    if (u < P.repliedOnTime) {
      // On time: a working slot between the next hour and the deadline's last slot.
      const slots = this.workingSlotsBetween(now.getTime() + HOUR, due.getTime() - 30 * 60_000);
      if (slots.length === 0) this.planLate(order, due);
      else this.later(order, slots[Math.floor(order.rng() * slots.length)]!, () => this.reply(order));
    } else if (u < P.repliedOnTime + P.repliedLate) {
      this.planLate(order, due);
    }
    // else: the court never answers; the round stays open and late.
  }

  /** The court's handler who works the order: its supervision office's for a firewalled one. */
  private handlerOf(order: SimOrder): Promise<string> {
    return this.o.api.token('handler', order.court, undefined, order.firewalled ? 'supervision' : undefined);
  }

  /**
   * A supervisor of the court above the order's (the high court's own for its orders): of its
   * supervision office when that court is the one handling a firewalled order.
   */
  private superiorSupervisorOf(order: SimOrder): Promise<string> {
    const court = this.o.courts.superiorOf(order.court).code;
    const office = order.firewalled && court === order.court ? 'supervision' : undefined;
    return this.o.api.token('supervisor', court, undefined, office);
  }

  private planLate(order: SimOrder, deadline: Date): void {
    const base = new Date(Math.max(deadline.getTime(), Date.parse(order.round!.due)));
    const late = this.o.calendar.addWorkingDays(base, 1 + Math.floor(order.rng() * 3));
    this.later(order, new Date(`${shanghaiDate(late)}T10:00:00+08:00`).getTime(), () => this.reply(order));
  }

  private async giveBack(order: SimOrder): Promise<void> {
    const { api } = this.o;
    const handler = await this.handlerOf(order);
    must(
      await api.call('POST', `/v1/orders/${order.orderId}/return`, {
        token: handler,
        body: { reason: '非本院管辖' },
      }),
      200,
    );
    this.tally.add(await this.now(), order.court, order.part, (c) => c.orders.returned++);
    this.count('returned');
    order.returned = true;
    order.returnedRound = order.round;
    this.stopWaiting(order, await this.now());
    order.round = null;
    // Most returns are reviewed within the hour; some only days after the center's own deadline
    // (1 working day), its ladder running meanwhile: those steps are the center's (issue 21).
    const returnedAt = await this.now();
    const reviewLate = order.rng() < P.returnReviewedLate;
    const reviewAt = reviewLate
      ? this.workingSlot(this.o.calendar.addWorkingDays(returnedAt, 3).getTime() - 6 * HOUR)
      : this.workingSlot(returnedAt.getTime() + HOUR);
    this.later(order, reviewAt, async () => {
      if (reviewLate) this.count('return_reviewed_late');
      // The center's review, each way in turn: approved to the superior court (by the decision
      // route or by a plain re-dispatch), or rejected (by the decision, or by re-dispatching to the
      // same court). (Shared by every order's review: counted before the job's first await.)
      let d = (this.returnsReviewed++ % 4) / 4;
      // An approval is a second pass: past the profile's share, the center keeps the court on it;
      // but each way of approving is played at least once, so that a small run exercises it.
      const way = d < 0.25 ? 'decision' : 'dispatch';
      if (d < 0.5 && !this.approvalsPlayed.has(way)) {
        this.approvalsPlayed.add(way);
        this.claimSecondPass(order, false);
      } else if (d < 0.5 && !this.claimSecondPass(order, true)) d += 0.5;
      const agent = await api.token('agent', '赣');
      const superior = this.o.courts.superiorOf(order.court).code;
      const [path, body, outcome] =
        d < 0.25
          ? ['return/decision', { approved: true, note: '改派', courtCode: superior }, 'return_approved']
          : d < 0.5
            ? ['dispatch', { courtCode: superior }, 'return_approved_by_dispatch']
            : d < 0.75
              ? ['return/decision', { approved: false, note: '属本院办理' }, 'return_rejected']
              : ['dispatch', { courtCode: order.court }, 'return_rejected_by_dispatch'];
      const res = must(
        await api.call('POST', `/v1/orders/${order.orderId}/${path}`, { token: agent, body }),
        200,
      );
      this.count(outcome);
      if (res.courtCode === order.court) {
        // The round goes on where it was, with its original deadline.
        order.round = order.returnedRound;
        const deadline = order.round?.deadline;
        if (deadline && shanghaiDate(new Date(deadline)) < shanghaiDate(await this.now()))
          this.rejudgedDays.add(shanghaiDate(new Date(deadline)));
      } else {
        order.court = res.courtCode;
        order.round = newRound(res.deadline, res.courtCode);
        this.passAgain(order, await this.now());
      }
      order.returnedRound = null;
      this.wait(order, await this.now());
      this.planReply(order, await this.now());
    });
  }

  private async extend(order: SimOrder): Promise<void> {
    const { api } = this.o;
    const handler = await this.handlerOf(order);
    must(
      await api.call('POST', `/v1/orders/${order.orderId}/extension`, {
        token: handler,
        body: { reason: '需调取卷宗', workingDays: 2 },
      }),
      200,
    );
    order.extended = true;
    // Most supervisors decide within the hour; some only after the deadline has passed.
    const decideAt =
      order.rng() < P.extensionDecidedLate
        ? this.workingSlot(Date.parse(order.round!.due) + 1)
        : this.workingSlot((await this.now()).getTime() + HOUR);
    this.later(order, decideAt, async () => {
      const supervisor = await this.superiorSupervisorOf(order);
      const res = must(
        await api.call('POST', `/v1/orders/${order.orderId}/extension/decision`, {
          token: supervisor,
          body: { approved: true },
        }),
        200,
      );
      const round = order.round!;
      const now = await this.now();
      if (now > new Date(round.due)) {
        // Approved after the deadline: late it stays, judged against the deadline it missed.
        round.late = true;
        this.count('extended_after_deadline');
      } else {
        round.deadline = res.deadline;
        this.count('extended');
      }
      round.due = res.deadline;
      this.planReply(order, now);
    });
  }

  private async extendTooLate(order: SimOrder): Promise<void> {
    const handler = await this.handlerOf(order);
    const res = await this.o.api.call('POST', `/v1/orders/${order.orderId}/extension`, {
      token: handler,
      body: { reason: '案情复杂', workingDays: 5 },
    });
    if (res.status !== 409 || res.body.error.code !== 'too_late')
      throw new Error(
        `order ${order.orderId}: a late extension got ${res.status} ${JSON.stringify(res.body)}`,
      );
    this.count('extension_too_late');
  }

  private async reply(order: SimOrder): Promise<void> {
    const { api } = this.o;
    // Decided before the first await (see later()): a rejection is a second pass, held to the share.
    // The first rejection is sent back late and the second at once, whatever the budget, so that a
    // small run plays both ways.
    const wantsReject = !order.replyRejected && order.rng() < P.replyRejected;
    const way = ['reply-late', 'reply-now'].find((w) => !this.approvalsPlayed.has(w));
    const forced = wantsReject && way !== undefined;
    if (forced) {
      this.approvalsPlayed.add(way);
      this.claimSecondPass(order, false);
    }
    const firstLate = forced && way === 'reply-late';
    const reject = forced || (wantsReject && this.claimSecondPass(order, true));
    const handler = await this.handlerOf(order);
    // A round whose reply the center sent back is still signed for: no second accept.
    if (!order.replyRejected || (await this.statusOf(order)) !== 'accepted')
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
    const late = round.late || now > new Date(round.due);
    if (late !== res.late)
      throw new Error(`order ${order.orderId}: the simulator thinks late=${late}, the API says ${res.late}`);
    this.tally.add(now, order.court, order.part, (c) => c.orders.replied++);
    this.stopWaiting(order, now);
    this.openRounds.delete(order.orderId);
    const rejected = reject;
    if (rejected && (firstLate || (!forced && order.rng() < P.replyRejectedLate))) {
      // Sent back three working days after the round's deadline day, before any callback: the
      // reply judges the round until then, and the round is judged again by the reply that stands.
      this.tally.add(round.deadline, round.court, order.part, (c) =>
        late ? c.orders.late++ : c.orders.onTime++,
      );
      order.round = null;
      const rejectAt = this.o.calendar.addWorkingDays(new Date(round.deadline), 3).getTime() - 7 * HOUR;
      this.later(order, this.workingSlot(rejectAt), () => this.rejectReplyLate(order, round, late));
      return;
    }
    if (rejected) {
      // The center finds the reply inadequate as it reads it: the round reopens with its original
      // deadline and is judged by the reply that finally stands.
      order.replyRejected = true;
      const agent = await api.token('agent', '赣');
      must(
        await api.call('POST', `/v1/orders/${order.orderId}/reply/decision`, {
          token: agent,
          body: { accepted: false, reason: '答复未回应诉求' },
        }),
        200,
      );
      const at = await this.now();
      this.tally.add(at, order.court, order.part, (c) => c.orders.replyRejected++);
      this.count('reply_rejected');
      this.passAgain(order, at);
      this.wait(order, at);
      this.openRounds.set(order.orderId, order);
      this.planReply(order, at);
      return;
    }
    this.tally.add(round.deadline, round.court, order.part, (c) =>
      late ? c.orders.late++ : c.orders.onTime++,
    );
    this.count(late ? 'replied_late' : 'replied_on_time');
    order.round = null;
    this.later(order, this.workingSlot(now.getTime() + 2 * HOUR), (at) =>
      this.callBack(order, res.callbackDeadline, at),
    );
  }

  /** The center sends a reply back days after the round's deadline day: that day's judgement changes. */
  private async rejectReplyLate(order: SimOrder, round: SimRound, judgedLate: boolean): Promise<void> {
    const agent = await this.o.api.token('agent', '赣');
    const res = must(
      await this.o.api.call('POST', `/v1/orders/${order.orderId}/reply/decision`, {
        token: agent,
        body: { accepted: false, reason: '答复未回应诉求' },
      }),
      200,
    );
    if (res.late !== true)
      throw new Error(
        `order ${order.orderId}: a reply sent back after its deadline is late, the API says ${res.late}`,
      );
    const at = await this.now();
    // The reply no longer judges the round; the one that finally stands will (late: the deadline is past).
    this.tally.add(round.deadline, round.court, order.part, (c) =>
      judgedLate ? c.orders.late-- : c.orders.onTime--,
    );
    this.tally.add(at, order.court, order.part, (c) => c.orders.replyRejected++);
    this.count('reply_rejected_late');
    this.rejudgedDays.add(shanghaiDate(new Date(round.deadline)));
    order.replyRejected = true;
    order.round = round;
    this.passAgain(order, at);
    this.wait(order, at);
    this.openRounds.set(order.orderId, order);
    // Its deadline long past, the court answers again a working day or more after being told.
    this.planLate(order, at);
  }

  private async statusOf(order: SimOrder): Promise<string> {
    const agent = await this.o.api.token('agent', '赣');
    return must(await this.o.api.call('GET', `/v1/orders/${order.orderId}`, { token: agent }), 200).status;
  }

  private async callBack(order: SimOrder, callbackDeadline: string, now: Date): Promise<void> {
    const { api } = this.o;
    const reached = order.rng() < P.reachedOnCallback;
    // Before the first await (see later()): the month's ratings so far decide this one.
    const rating = reached ? this.callbackRating(order.rng, now) : null;
    if (rating === 'unsatisfied') this.claimSecondPass(order, false);
    const agent = await api.token('agent', '赣');
    if (rating) {
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
    if (order.rng() < P.ratedBySmsLink) {
      // The SMS went out with the third call: only what was sent since the first is read.
      const since = encodeURIComponent(now.toISOString());
      const outbox = must(await api.call('GET', `/_local/outbox?since=${since}`), 200).items as Array<{
        kind: string;
        text: string;
        tags: { orderId?: string };
      }>;
      const sms = outbox.find((m) => m.kind === 'sms' && m.tags.orderId === order.orderId)!;
      const token = decodeURIComponent(/token=(\S+)/.exec(sms.text)![1]!);
      this.later(order, this.workingSlot((await this.now()).getTime() + 18 * HOUR), async (at) => {
        const rating = this.callbackRating(order.rng, at);
        if (rating === 'unsatisfied') this.claimSecondPass(order, false);
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

  /** Callback ratings given so far in each month, and how many of them satisfied (fully or basically). */
  private readonly callbackRatings = new Map<string, { rated: number; satisfied: number }>();

  /**
   * A callback's rating (by phone or by the SMS link), now: satisfied or basically satisfied at the
   * month's share on the ramp (profile `replyRating`), by error diffusion over the month's
   * callbacks, so the month's rate is that share to within one rating; which of the satisfied ones
   * is only basically satisfied is the order's draw.
   */
  private callbackRating(rng: () => number, now: Date): Rating {
    const month = shanghaiDate(now).slice(0, 7);
    const index = monthsFrom(this.first, month);
    const r = P.replyRating;
    const share =
      index < 0
        ? r.priorYear
        : r.first +
          ((r.last - r.first) * Math.min(index, this.o.months - 1)) / Math.max(this.o.months - 1, 1);
    const so = this.callbackRatings.get(month) ?? { rated: 0, satisfied: 0 };
    this.callbackRatings.set(month, so);
    so.rated++;
    const satisfied = Math.round(so.rated * share) > so.satisfied;
    if (satisfied) so.satisfied++;
    const basically = rng() < r.basicallySatisfiedShare;
    return satisfied ? (basically ? 'basically_satisfied' : 'satisfied') : 'unsatisfied';
  }

  private async rated(
    order: SimOrder,
    rating: Rating,
    res: { status: string; deadline: string; reviewPending: boolean },
  ): Promise<void> {
    const now = await this.now();
    this.rate(now, order.court, 'callback', rating, order.part);
    if (res.status === 'closed') {
      this.tally.add(now, order.court, order.part, (c) => c.orders.closed++);
      this.count('closed');
    } else if (res.status === 'dispatched') {
      this.tally.add(now, order.court, order.part, (c) => c.orders.reopened++);
      this.count('reopened');
      this.passAgain(order, now);
      order.reopenCount++;
      order.round = newRound(res.deadline, order.court);
      this.wait(order, now);
      this.openRounds.set(order.orderId, order);
      this.planReply(order, now);
    } else if (res.reviewPending) {
      this.later(order, this.workingSlot(now.getTime() + 20 * HOUR), async () => {
        const supervisor = await this.superiorSupervisorOf(order);
        must(
          await this.o.api.call('POST', `/v1/orders/${order.orderId}/review`, {
            token: supervisor,
            body: { note: '已复核' },
          }),
          200,
        );
        this.tally.add(await this.now(), order.court, order.part, (c) => c.orders.closed++);
        this.count('closed_after_review');
      });
    }
  }

  /** The outcomes the system decides by itself, counted as the simulator expects them by `asOf`. */
  private finish(asOf: Date): void {
    for (const order of this.openRounds.values()) {
      if (order.round && (order.round.late || new Date(order.round.deadline) < asOf)) {
        this.tally.add(order.round.deadline, order.round.court, order.part, (c) => {
          c.orders.late++;
          c.orders.lateUnanswered++;
        });
        this.count('left_unanswered_late');
      }
    }
    for (const { order, at } of this.unreachable) {
      if (new Date(at) <= asOf) {
        this.tally.add(at, order.court, order.part, (c) => c.orders.closed++);
        this.count('closed_unreachable');
      }
    }
  }

  /** Escalations are the system's: counted from the emails it sent (one per order, stage and step). */
  private async countEscalations(): Promise<void> {
    const outbox = (await this.o.api.call('GET', '/_local/outbox')).body.items as Array<{
      kind: string;
      sentAt: string;
      tags: { orderId?: string; courtCode?: string; step?: string; stage?: string; stageSeq?: number };
    }>;
    const seen = new Set<string>();
    for (const m of outbox) {
      const step = m.tags.step;
      if (m.kind !== 'email' || !step || !['warning', 'level1', 'level2', 'level3'].includes(step)) continue;
      const key = `${m.tags.orderId}|${m.tags.stageSeq}|${step}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The outbox keeps a store's every message: an earlier run's orders are not this run's count.
      const order = this.orders.get(m.tags.orderId ?? '');
      if (!order) {
        this.count('escalation_of_an_earlier_run');
        continue;
      }
      // Whose time ran out: the center's own (reviewing a return, calling back) counts at the
      // center, the high court; a review at the court above, whose supervisors must close it.
      const court =
        m.tags.stage === 'redispatch' || m.tags.stage === 'callback'
          ? this.o.courts.highCourt.code
          : m.tags.stage === 'review'
            ? this.o.courts.superiorOf(m.tags.courtCode!).code
            : m.tags.courtCode!;
      this.tally.add(m.sentAt, court, order.part, (c) => c.escalations[step as 'warning']++);
      this.count(`escalation_${step}`);
    }
  }

  // ---- time -----------------------------------------------------------------------------------

  /**
   * Moves the shared clock to `at` a week at a time: the months between a short prior year and the
   * simulated year are one long jump, and a jump runs every night's rollup and every month's 通报
   * on the way before the clock's call answers (one call of many minutes on a loaded machine would
   * outlast the HTTP client's wait for an answer).
   */
  private async advanceTo(at: Date): Promise<void> {
    const WEEK = 7 * 86_400_000;
    for (let t = (await this.now()).getTime() + WEEK; t < at.getTime(); t += WEEK)
      await this.o.api.advanceTo(new Date(t));
    await this.o.api.advanceTo(at);
  }

  private async now(): Promise<Date> {
    return this.o.api.now();
  }

  /** The first simulation slot (on the hour, 09:00-17:00 of a working day) at or after `t`. */
  private workingSlot(t: number): number {
    for (let day = shanghaiDate(new Date(t)); ; day = nextDay(day)) {
      if (!this.o.calendar.isWorkingDay(day)) continue;
      for (const hour of P.hours) {
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

/** The index of the first matter at or after `t` in a list kept in time order (binary search). */
function firstAtOrAfter(list: Matter[], t: number): number {
  let [lo, hi] = [0, list.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

const nextDay = (day: string) => addDays(day, 1);

/** Whole months from `from` to `to` (`YYYY-MM`; negative when `to` is earlier). */
function monthsFrom(from: string, to: string): number {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return index(to) - index(from);
}

/**
 * `total` split in proportion to `weights`, in whole numbers that add up to it exactly (each gets
 * its share rounded down, the rest go one each to the largest remainders, earliest first on a tie).
 */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const out = exact.map(Math.floor);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = total - out.reduce((a, b) => a + b, 0), j = 0; k > 0; k--, j++) out[order[j]![1]]!++;
  return out;
}
const daysOfMonth = (month: string) => daysOf(monthPeriod(month));

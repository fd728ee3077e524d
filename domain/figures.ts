import { escalationCourt, requestCourt } from './attribution';
import { CATEGORIES, type Category, CHANNELS, type Channel } from './categories';
import type { CourtDirectory } from './courts';
import type { Order } from './order';
import { addMonths, startOfShanghaiDay } from './working-days';

/**
 * The center's figures (DOMAIN.md, "Satisfaction and the figures"), counted from the records
 * themselves: requests, orders with their history, and ratings. Every record counts for the
 * court it belongs to and for every court above it, so a court's figures include its subtree.
 *
 * Attribution, each in one place:
 * - a request: by its creation time, to the court its case number names, else the court the
 *   citizen chose, else the province (domain/attribution.ts);
 * - an order event (created, replied, returned, reopened, closed, escalation, callback rating):
 *   by the time in its history line, to the court handling the order at that moment; a ladder
 *   step to the court whose time ran out (domain/attribution.ts#escalationCourt: the center's
 *   own steps count at the high court);
 * - on time / late: each reply round (a dispatch, re-dispatch or reopen, with its deadline as
 *   extended) is judged once, in the period of its deadline: on time if replied by it, late if
 *   replied after it or still unreplied when the figures are computed (`asOf`);
 * - a window, hotline or online rating: by when it was given, to the window's court or the
 *   request's court.
 */
export const RATING_CHANNELS = ['web', 'wechat', 'hotline', 'window', 'callback'] as const;
export type RatingChannelName = (typeof RATING_CHANNELS)[number];
export type RatingValue = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

export interface RatingTally {
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
}

export interface Counts {
  requests: {
    total: number;
    settled: number;
    byChannel: Record<Channel, number>;
    byCategory: Record<Category, number>;
    /** Repeat requests (重复诉求): linked to a matter already in hand, no order of their own. */
    repeat: number;
    /** Settled at first contact with knowledge-base entries named (知识库). */
    settledWithKnowledge: number;
  };
  orders: {
    created: number;
    replied: number;
    onTime: number;
    /** Rounds judged late: replied after the deadline, or still unanswered past it (lateUnanswered). */
    late: number;
    /**
     * Of `late`, the rounds judged late because still unanswered when the figures were computed.
     * Absent from figures stored before it was counted: read as 0.
     */
    lateUnanswered: number;
    closed: number;
    reopened: number;
    returned: number;
    /** Replies the center sent back to the court as inadequate (答复不合格). */
    replyRejected: number;
    /** Times the center urged a court (催办). */
    urged: number;
    createdByCategory: Record<Category, number>;
    /**
     * Orders that needed a second pass (a return approved and re-dispatched, a reply rejected by
     * the center, a reopen; a review comes only after reopens): each order once, in the period of
     * its first such step, at the court its request counts at. See `onePassFailures`.
     */
    secondPass: number;
    /**
     * Late and still unanswered at the period's end (超期未办结), or at `asOf` for a period not over:
     * a snapshot, not a sum of events, so a month's is its last day's, at the court handling it then.
     */
    openLate: number;
  };
  escalations: { warning: number; level1: number; level2: number; level3: number };
  satisfaction: RatingTally & { byChannel: Record<RatingChannelName, RatingTally> };
}

/**
 * Every record belongs to one slice: the category and channel of the request it comes from (an
 * order's are its request's). A window-service rating rates the window, not a request: its slice
 * has no category (`-`). The figures of a filter (`category`, `channel`) and the breakdowns per
 * category and per channel are sums of slices; the sum of all slices is the whole.
 */
export type SliceKey = `${Category | '-'}|${Channel}`;
export const sliceKey = (category: Category | null, channel: Channel): SliceKey =>
  `${category ?? '-'}|${channel}`;
export function sliceOf(key: string): { category: Category | null; channel: Channel } {
  const [category, channel] = key.split('|') as [string, Channel];
  return { category: category === '-' ? null : (category as Category), channel };
}

export interface Period {
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  key: string;
  start: Date;
  end: Date;
}

export interface RequestRecord {
  createdAt: string;
  channel: Channel;
  category: Category;
  status: 'received' | 'settled' | 'ordered';
  caseNumber: string | null;
  courtCode: string | null;
  /** A repeat request: the court its matter counts at (domain/repeat-requests.ts). */
  repeatOf?: { courtCode: string } | undefined;
  /** The knowledge-base entries a first-contact settlement used. */
  knowledgeIds?: string[] | undefined;
}

export interface RatingRecord {
  channel: Exclude<RatingChannelName, 'callback'>;
  /** The request's category; null for a window-service rating. */
  category: Category | null;
  courtCode: string;
  usedAt: string;
  rating: RatingValue;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const tally = (): RatingTally => ({ rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0 });

export function emptyCounts(): Counts {
  return {
    requests: {
      total: 0,
      settled: 0,
      byChannel: zeros(CHANNELS),
      byCategory: zeros(CATEGORIES),
      repeat: 0,
      settledWithKnowledge: 0,
    },
    orders: {
      created: 0,
      replied: 0,
      onTime: 0,
      late: 0,
      lateUnanswered: 0,
      closed: 0,
      reopened: 0,
      returned: 0,
      replyRejected: 0,
      urged: 0,
      createdByCategory: zeros(CATEGORIES),
      secondPass: 0,
      openLate: 0,
    },
    escalations: { warning: 0, level1: 0, level2: 0, level3: 0 },
    satisfaction: {
      ...tally(),
      byChannel: Object.fromEntries(RATING_CHANNELS.map((c) => [c, tally()])) as Record<
        RatingChannelName,
        RatingTally
      >,
    },
  };
}

/** `into` += `more`, figure by figure (a count missing from an older stored item counts 0). */
export function addCounts(into: Counts, more: Counts): Counts {
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(b)) {
      if (typeof v === 'number') a[k] = (typeof a[k] === 'number' ? (a[k] as number) : 0) + v;
      else if (v && typeof v === 'object') {
        if (!a[k] || typeof a[k] !== 'object') a[k] = {};
        walk(a[k] as Record<string, unknown>, v as Record<string, unknown>);
      }
    }
  };
  walk(into as unknown as Record<string, unknown>, more as unknown as Record<string, unknown>);
  return into;
}

/**
 * What of `counts` comes from requests and ratings given on a window, the hotline, the web or
 * WeChat (FigureBook.addRequest, addRating), with everything orders add (their counts,
 * escalations, callback ratings) left out: the request counts, and the ratings of every channel
 * but the callback with their totals.
 * Added to `into`, reading `counts` as stored (a zero count may be missing): a month adds up its
 * days every night, without building each day's part first.
 */
function addRecordsPart(into: Counts, counts: Partial<Counts>): void {
  if (counts.requests) addCounts(into.requests as unknown as Counts, counts.requests as unknown as Counts);
  const byChannel = counts.satisfaction?.byChannel;
  if (!byChannel) return;
  for (const channel of RATING_CHANNELS) {
    const t = byChannel[channel];
    if (channel === 'callback' || !t) continue;
    const own = into.satisfaction.byChannel[channel];
    for (const k of ['rated', 'satisfied', 'basicallySatisfied', 'unsatisfied'] as const) {
      own[k] += t[k] ?? 0;
      into.satisfaction[k] += t[k] ?? 0;
    }
  }
}

/** One court's counts in a period: the whole, and each slice that has anything in it. */
export interface CourtFigures {
  counts: Counts;
  slices: Partial<Record<SliceKey, Counts>>;
}

/** Counts for every court (subtree included) in one period. Courts with nothing get zeros. */
export class FigureBook {
  private readonly byCourt = new Map<string, CourtFigures>();

  constructor(
    private readonly courts: CourtDirectory,
    readonly period: Period,
    private readonly asOf: Date,
  ) {}

  counts(courtCode: string): Counts {
    return this.figures(courtCode).counts;
  }

  /**
   * A court's figures, zeros when nothing counted there. A court's are made when first touched, so
   * a book of one order (`orderContributions`) holds only the courts it counts at.
   */
  figures(courtCode: string): CourtFigures {
    const held = this.byCourt.get(courtCode);
    if (held) return held;
    const made = { counts: emptyCounts(), slices: {} };
    if (this.courts.find(courtCode)) this.byCourt.set(courtCode, made);
    return made;
  }

  /** Every court of the directory, with zeros for those nothing counted at. */
  entries(): Array<[string, CourtFigures]> {
    return this.courts.all().map((c) => [c.code, this.figures(c.code)]);
  }

  /** The courts something counted at, and their counts (their subtree's, as every court's). */
  touched(): Map<string, Counts> {
    return new Map([...this.byCourt].map(([code, f]) => [code, f.counts]));
  }

  addRequest(request: RequestRecord): void {
    if (!this.inPeriod(request.createdAt)) return;
    // A complaint or interference report counts where the firewall sends it (domain/attribution.ts).
    this.each(requestCourt(this.courts, request), sliceKey(request.category, request.channel), (c) => {
      c.requests.total++;
      c.requests.byChannel[request.channel]++;
      c.requests.byCategory[request.category]++;
      if (request.status === 'settled') c.requests.settled++;
      if (request.repeatOf) c.requests.repeat++;
      if (request.status === 'settled' && (request.knowledgeIds?.length ?? 0) > 0)
        c.requests.settledWithKnowledge++;
    });
  }

  addRating(rating: RatingRecord): void {
    if (!this.inPeriod(rating.usedAt)) return;
    this.each(rating.courtCode, sliceKey(rating.category, rating.channel), (c) =>
      rate(c, rating.channel, rating.rating),
    );
  }

  /**
   * The part of a court's figures (its subtree's, as stored for a day) that comes from requests
   * and ratings, not orders: how a month adds up its days without reading their records again.
   * Added to this court alone (the figures already hold its subtree), whole and slice by slice.
   */
  addRecordsOf(courtCode: string, figures: { counts: Counts; slices?: CourtFigures['slices'] }): void {
    if (!this.courts.find(courtCode)) return;
    const own = this.figures(courtCode);
    addRecordsPart(own.counts, figures.counts);
    for (const [key, part] of Object.entries(figures.slices ?? {}) as [SliceKey, Counts][]) {
      own.slices[key] ??= emptyCounts();
      addRecordsPart(own.slices[key], part);
    }
  }

  /**
   * An order's events from its history. Rounds: a dispatch, re-dispatch or reopen opens one; an
   * approved extension moves its deadline, unless it came after the deadline (then the round is
   * late and judged against the deadline it missed); a return ends it unjudged, and a rejected
   * return puts it back as it was; a reply judges it, unless the center rejects that reply, which
   * puts the round back to be judged by the reply that stands.
   */
  addOrder(order: Order): void {
    const slice = sliceKey(order.category, order.channel);
    const add = (court: string, change: (c: Counts) => void) => this.each(court, slice, change);
    let court = firstCourt(order);
    type Round = { deadline: string; court: string; late: boolean };
    let round: Round | null = null;
    let returned: Round | null = null;
    /** A reply's judgement, held until it is clear the center does not send the reply back. */
    let judgement: { round: Round; late: boolean } | null = null;
    /** The order's first second pass is counted once, where its request counts (onePassFailures). */
    let secondPass = false;
    const passAgain = (at: string) => {
      if (secondPass) return;
      secondPass = true;
      if (this.inPeriod(at)) add(countsAt(order), (c) => c.orders.secondPass++);
    };
    const judge = (deadline: string, roundCourt: string, late: boolean) => {
      if (!this.inPeriod(deadline)) return;
      add(roundCourt, (c) => (late ? c.orders.late++ : c.orders.onTime++));
    };
    for (const h of order.history) {
      const d = h.details ?? {};
      // The reply stands once the citizen rates it or the order closes.
      if (judgement && (h.action === 'rated' || h.action === 'closed')) {
        judge(judgement.round.deadline, judgement.round.court, judgement.late);
        judgement = null;
      }
      if (h.action === 'dispatched' && typeof d.courtCode === 'string') court = d.courtCode;
      const here = this.inPeriod(h.at);
      switch (h.action) {
        case 'created':
          if (here)
            add(firstCourt(order), (c) => {
              c.orders.created++;
              c.orders.createdByCategory[order.category]++;
            });
          break;
        case 'dispatched':
          round = { deadline: String(d.deadline), court, late: false };
          break;
        case 'reopened':
          round = { deadline: String(d.deadline), court, late: false };
          if (here) add(court, (c) => c.orders.reopened++);
          passAgain(h.at);
          break;
        case 'extension_approved':
          if (round && d.late === true) round.late = true;
          else if (round) round.deadline = String(d.deadline);
          break;
        case 'returned':
          // Held, not judged: an approved return ends the round, a rejected one resumes it.
          returned = round;
          round = null;
          if (here) add(court, (c) => c.orders.returned++);
          break;
        case 'return_rejected':
          round = returned ?? { deadline: String(d.deadline), court, late: false };
          returned = null;
          break;
        case 'return_approved':
          returned = null;
          passAgain(h.at);
          break;
        case 'replied':
          if (here) add(court, (c) => c.orders.replied++);
          if (round) judgement = { round, late: d.late === true };
          round = null;
          break;
        case 'reply_rejected':
          if (here) add(court, (c) => c.orders.replyRejected++);
          passAgain(h.at);
          round = (judgement as { round: Round } | null)?.round ?? {
            deadline: String(d.deadline),
            court,
            late: false,
          };
          judgement = null;
          break;
        case 'deadline_moved': {
          // A newly published calendar moved the round's deadline (never one already missed).
          const moved = round ?? returned;
          if (moved && d.round === true && !moved.late) moved.deadline = String(d.deadline);
          break;
        }
        case 'urged':
          if (here) add(court, (c) => c.orders.urged++);
          break;
        case 'closed':
          if (here) add(court, (c) => c.orders.closed++);
          break;
        case 'warning':
          if (here) add(escalationCourt(this.courts, String(d.stage), court), (c) => c.escalations.warning++);
          break;
        case 'escalated': {
          const key = `level${d.level}` as 'level1' | 'level2' | 'level3';
          if (here && key in emptyCounts().escalations)
            add(escalationCourt(this.courts, String(d.stage), court), (c) => c.escalations[key]++);
          break;
        }
        case 'rated':
          if (here) add(court, (c) => rate(c, 'callback', d.rating as RatingValue));
          break;
      }
    }
    const last = judgement as { round: Round; late: boolean } | null;
    if (last) judge(last.round.deadline, last.round.court, last.late);
    // A round still waiting for the court's reply is late once its deadline has passed.
    if (
      round &&
      (order.status === 'dispatched' || order.status === 'accepted') &&
      (round.late || new Date(round.deadline) < this.asOf)
    ) {
      judge(round.deadline, round.court, true);
      if (this.inPeriod(round.deadline)) add(round.court, (c) => c.orders.lateUnanswered++);
    }
    const openLateAt = lateAndUnansweredAt(order, Math.min(this.period.end.getTime(), this.asOf.getTime()));
    if (openLateAt) add(openLateAt, (c) => c.orders.openLate++);
  }

  private inPeriod(iso: string): boolean {
    const t = Date.parse(iso);
    return t >= this.period.start.getTime() && t < this.period.end.getTime();
  }

  private each(courtCode: string, slice: SliceKey, add: (c: Counts) => void): void {
    const court = this.courts.find(courtCode) ? courtCode : this.courts.highCourt.code;
    for (const c of this.courts.lineage(court)) {
      const figures = this.figures(c.code);
      add(figures.counts);
      let part = figures.slices[slice];
      if (!part) {
        part = emptyCounts();
        figures.slices[slice] = part;
      }
      add(part);
    }
  }
}

/**
 * The last instant a closed order can count at in any period (FigureBook.addOrder): its last
 * history line, or the latest deadline any of its rounds was judged against, whichever is later.
 * Its lines are all before it closed, and a round is judged in the period of its deadline, which
 * can come after the order closed (a round answered early); 超期未办结 needs the order open. So a
 * period that begins after this instant has nothing of the order: the nightly rollup leaves such
 * orders out of its reads (adapters/dynamo/orders-repo.ts, `countedFrom`).
 */
export function lastCountedAt(order: Order): string {
  let last = Date.parse(order.closedAt ?? order.createdAt);
  const later = (iso: unknown) => {
    const t = typeof iso === 'string' ? Date.parse(iso) : Number.NaN;
    if (t > last) last = t;
  };
  later(order.deadline);
  for (const h of order.history) {
    later(h.at);
    later(h.details?.deadline);
  }
  return new Date(last).toISOString();
}

/**
 * What one order adds to the figures of a period, court by court (each court's subtree included,
 * as the figures are): the courts it counts at, nothing else. A list of orders that details a
 * figure (the 通报's urged, rejected and late orders) is made from this, so it adds up to the
 * figure by construction, counted by the same rules.
 */
export function orderContributions(
  courts: CourtDirectory,
  period: Period,
  asOf: Date,
  order: Order,
): Map<string, Counts> {
  const book = new FigureBook(courts, period, asOf);
  book.addOrder(order);
  return book.touched();
}

/** The court an order's request counts at, as recorded when the order was made (else its first court). */
function countsAt(order: Order): string {
  const created = order.history.find((h) => h.action === 'created');
  const court = created?.details?.requestCourt;
  return typeof court === 'string' ? court : firstCourt(order);
}

/**
 * The court holding the order at instant `t`, if at `t` the order was waiting for that court's
 * reply past its deadline (超期未办结): its history replayed up to `t`. A returned order waits for
 * the center, and a replied one for the callback: neither is the court's to answer.
 */
export function lateAndUnansweredAt(order: Order, t: number): string | null {
  let court = firstCourt(order);
  let waiting = false;
  let deadline = '';
  let late = false;
  let held: { deadline: string; late: boolean } | null = null;
  for (const h of order.history) {
    if (Date.parse(h.at) >= t) break;
    const d = h.details ?? {};
    switch (h.action) {
      case 'dispatched':
        if (typeof d.courtCode === 'string') court = d.courtCode;
        [waiting, deadline, late] = [true, String(d.deadline), false];
        break;
      case 'reopened':
        [waiting, deadline, late] = [true, String(d.deadline), false];
        break;
      case 'returned':
        held = { deadline, late };
        waiting = false;
        break;
      case 'return_rejected':
        [waiting, deadline, late] = [
          true,
          held?.deadline ?? String(d.deadline),
          (held?.late ?? false) || d.late === true,
        ];
        held = null;
        break;
      case 'reply_rejected':
        [waiting, deadline, late] = [true, String(d.deadline ?? deadline), late || d.late === true];
        break;
      case 'extension_approved':
        if (d.late === true) late = true;
        else deadline = String(d.deadline);
        break;
      case 'deadline_moved':
        if (d.round === true && !late) deadline = String(d.deadline);
        break;
      case 'replied':
      case 'closed':
        waiting = false;
        break;
    }
  }
  return waiting && (late || Date.parse(deadline) < t) ? court : null;
}

/**
 * Requests not resolved in one pass (DOMAIN.md, 一次性办理到位): repeats, and requests whose
 * order needed a second pass. The one-pass rate is 1 - this / requests.total.
 *
 * In which period a request's failure counts: the period it became known, never revised after.
 * A repeat counts in the period it was filed; an order's second pass in the period of its first
 * approved return, rejected reply or reopen (weeks after the request, maybe another month), once.
 * That is how a 12368 center reads its monthly figures: a month's 通报, once sent, is not
 * rewritten when a reopen comes in later; the reopen is the next month's failure. So every
 * period's figure is exact and final, and the year's failures are the sum of its months'.
 */
export function onePassFailures(c: Counts): number {
  return (c.requests.repeat ?? 0) + (c.orders.secondPass ?? 0);
}

/** 一次性办理到位率: requests resolved in one pass / all requests (null without requests). */
export const onePassRate = (c: Counts): number | null =>
  ratio(c.requests.total - onePassFailures(c), c.requests.total);

function firstCourt(order: Order): string {
  const first = order.history.find((h) => h.action === 'dispatched');
  return typeof first?.details?.courtCode === 'string' ? first.details.courtCode : order.courtCode;
}

function rate(c: Counts, channel: RatingChannelName, rating: RatingValue): void {
  for (const t of [c.satisfaction, c.satisfaction.byChannel[channel]]) {
    t.rated++;
    if (rating === 'satisfied') t.satisfied++;
    else if (rating === 'basically_satisfied') t.basicallySatisfied++;
    else t.unsatisfied++;
  }
}

/** A share, or null when nothing was counted (a rate of 0/0 is no rate). */
export const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Change against a base period: (now - then) / then, or null without a base. */
export const change = (now: number, then: number | undefined): number | null =>
  then === undefined || then === 0 ? null : (now - then) / then;

export const satisfactionRate = (t: RatingTally) => ratio(t.satisfied + t.basicallySatisfied, t.rated);

/** A Shanghai calendar day, `YYYY-MM-DD`, as an instant range. */
export function dayPeriod(date: string): Period {
  const start = startOfShanghaiDay(date);
  return { key: date, start, end: new Date(start.getTime() + 86_400_000) };
}

/** A Shanghai calendar month, `YYYY-MM`, as an instant range. */
export function monthPeriod(month: string): Period {
  return {
    key: month,
    start: startOfShanghaiDay(`${month}-01`),
    end: startOfShanghaiDay(`${addMonths(month, 1)}-01`),
  };
}

/**
 * 按期答复率, DOMAIN.md's on-time rate: rounds replied by their deadline / rounds replied (judged
 * in the period). A round still unanswered past its deadline is no reply: it is in
 * `dueOnTimeRate`, a figure of its own, and in 超期未办结 (openLate).
 */
export function onTimeRate(o: Counts['orders']): number | null {
  const repliedLate = o.late - (o.lateUnanswered ?? 0);
  return ratio(o.onTime, o.onTime + repliedLate);
}

/**
 * 按期办结率（含超期未答复）: rounds replied by their deadline / every round whose deadline fell in
 * the period, the unanswered ones counted as late. It was once shown as the on-time rate.
 */
export function dueOnTimeRate(o: Counts['orders']): number | null {
  return ratio(o.onTime, o.onTime + o.late);
}

/** The days of a period, `YYYY-MM-DD`. */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let t = period.start.getTime(); t < period.end.getTime(); t += 86_400_000) {
    days.push(new Date(t + 8 * 3600_000).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The last day of `period` whose daily figures exist once the period was rolled up at `asOf`: a
 * month's rollup stores every one of its days before the day it runs (services/rollup.ts), and a
 * day is its own. Null when the month had no day over yet. The pages ask for no day after it.
 */
export function rolledUpThrough(period: string, asOf: Date): string | null {
  if (period.length === 10) return period;
  const today = new Date(asOf.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const done = daysOf(monthPeriod(period)).filter((day) => day < today);
  return done.at(-1) ?? null;
}

/** The month before, and the same month a year before: the bases of month-on-month and year-on-year change. */
export function previousMonth(month: string): string {
  return addMonths(month, -1);
}

export const sameMonthLastYear = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

/** For a day: the same day of the previous month (null when it has no such day) and of the previous year. */
export function previousMonthDay(date: string): string | null {
  const candidate = `${previousMonth(date.slice(0, 7))}-${date.slice(8)}`;
  return new Date(`${candidate}T00:00:00Z`).toISOString().slice(0, 10) === candidate ? candidate : null;
}

export function sameDayLastYear(date: string): string | null {
  const candidate = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  return new Date(`${candidate}T00:00:00Z`).toISOString().slice(0, 10) === candidate ? candidate : null;
}

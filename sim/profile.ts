import type { Category, Channel } from '../domain/categories';

/**
 * How the province behaves, as the simulator plays it: every share and probability it draws
 * against, named for what it stands for. Volumes, their growth and the callback's satisfaction
 * follow the seed report (line 17: 283,000 requests a year, 95% settled at first contact, calls and
 * orders +32% and +40% a month on the year before, satisfaction with orders from 92% to 99%); the
 * rest are plausible figures for testing every path, not measured ones.
 * Probabilities that pick one of several outcomes are cumulative in the order the simulator tests them.
 */
export const PROFILE = {
  /** The simulated year's requests (all channels) at scale 1. */
  requestsPerYear: 283_000,
  /**
   * The simulated year's requests that become work orders: the seed's 27,328 of 283,000 (so 90.3%
   * settled at first contact, 即时办结, repeats included: they get no order). Exactly this share of
   * the year's requests, month by month as `ordersYoY` shapes it (not drawn request by request: the
   * seed's figures are the year's).
   */
  orderShare: 27_328 / 283_000,
  /**
   * Repeat requests (重复诉求): callers ringing again about a matter already in hand, linked to it
   * (DOMAIN.md: about 12,200 a year of the 283,000). Exactly this share of each day's requests,
   * on the hotline, each about an earlier request of the last 60 days (an order's, at `repeatOfOrder`).
   */
  repeatShare: 12_200 / 283_000,
  repeatOfOrder: 0.7,
  /**
   * Orders that need a second pass (an approved return, a rejected reply, a reopen): about 1,950 of
   * the seed's 27,328, so that 95.0% of requests are resolved in one pass (一次性办理到位). Reopens
   * follow the callback's satisfaction; approved returns and rejected replies are held to this share
   * of the orders made so far (error diffusion, as the callback's ratings are).
   */
  secondPassShare: 1_950 / 27_328,
  /** A first-contact settlement that names knowledge-base entries (知识库). */
  settledWithKnowledge: 0.6,
  /**
   * Growth on the year before, every month: each month has 1 + requestsYoY times the requests and
   * 1 + ordersYoY times the orders of the same month a year earlier. Volumes grow month by month at
   * that pace (逐月增加: (1.32)^(1/12), 2.3% a month, for requests; 2.8% for orders), so the year
   * on year change is the same in every month, in the simulated year and its prior year alike.
   */
  requestsYoY: 0.32,
  ordersYoY: 0.4,
  /** A day's volume: a working day weighs this much against a rest day, with this much random spread. */
  workingDayLoad: 1.25,
  restDayLoad: 0.5,
  dailyBase: 0.85,
  dailyJitter: 0.3,
  /** The hours (Shanghai) of a working day at which the simulated people act. */
  hours: [9, 10, 11, 12, 13, 14, 15, 16, 17],
  channels: [
    ['hotline', 60],
    ['web', 15],
    ['wechat', 17],
    ['window', 8],
  ] as Array<[Channel, number]>,
  categories: {
    case_progress: 35,
    contact_judge: 20,
    litigation_guidance: 20,
    enforcement: 10,
    complaint: 5,
    interference_report: 1,
    suggestion: 4,
    other: 5,
  } as Record<Category, number>,
  /** A complaint or interference report accuses the high court, an intermediate court, else a basic one. */
  accusedHighCourt: 0.12,
  accusedIntermediate: 0.23,
  /** An order the center urges (催办) as soon as it is made. */
  urged: 0.06,
  /** A request rated after its service, by channel. */
  ratedAfterService: { hotline: 0.4, window: 0.6, web: 0.25, wechat: 0.25 } as Record<Channel, number>,
  serviceRating: { satisfied: 0.85, basicallySatisfied: 0.1 },
  /** What a court does first with a round: return it, ask for more time in time, or too late. */
  returned: 0.08,
  extendedInTime: 0.07,
  extendedTooLate: 0.03,
  /** Then it replies on time, late, or never. */
  repliedOnTime: 0.87,
  repliedLate: 0.1,
  /** A supervisor who decides an extension only after the deadline has passed. */
  extensionDecidedLate: 0.35,
  /** A reply the center sends back as inadequate (答复不合格). */
  replyRejected: 0.05,
  /**
   * Of those, sent back only days after the round's deadline day (a day the nightly rollups had
   * already judged): the day's stored figures must follow (issue 21).
   */
  replyRejectedLate: 0.5,
  /** A return the center reviews only after its own review deadline has passed: its ladder runs. */
  returnReviewedLate: 0.3,
  /** The citizen is reached on the callback; else, after three calls, rates by the SMS link or not. */
  reachedOnCallback: 0.94,
  ratedBySmsLink: 0.6,
  /**
   * The callback's satisfaction ((satisfied + basically satisfied) / rated, 群众对工单办理满意度):
   * a ramp over the simulated year, from `first` in its first month to `last` in its last, month by
   * month in equal steps; `priorYear` in every month before it. Of the satisfied ones, this share
   * is only basically satisfied. Held month by month to within one rating (error diffusion over the
   * month's callbacks, in the order they happen), so a small run shows the ramp and not sampling noise.
   */
  replyRating: { first: 0.92, last: 0.99, priorYear: 0.92, basicallySatisfiedShare: 0.14 },
} as const;

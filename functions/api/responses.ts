import * as z from 'zod/mini';
import { STAFF_ROLES } from '../../domain/access';
import { CATEGORIES, CHANNELS } from '../../domain/categories';
import { CHANGE_KINDS, MAIL_ROLES, UNITS } from '../../domain/directory';
import { RATING_CHANNELS } from '../../domain/figures';
import { KNOWLEDGE_STATUSES } from '../../domain/knowledge';
import { HISTORY_ACTIONS, ORDER_STATUSES, RATINGS } from '../../domain/order';
import { ORDER_ACTIONS } from '../../domain/order-actions';
import { RANKING_LEVELS } from '../../domain/ranking';
import { TYPICAL_CASE_STATUSES } from '../../domain/typical-case';

/**
 * The success bodies of API v1, as the handlers return them (views.ts and each handler's `body`).
 * They generate the response schemas of `GET /v1/openapi.json`, from which the web pages' client
 * is generated; test/api/responses.test.ts holds the handlers' real answers against them, and a
 * compile-time check holds views.ts's return types against them, so none of the three can drift.
 * Objects are closed (`additionalProperties: false`): a field a handler adds must be described here.
 */
/** Response bodies are published under components by this registry (output shapes, closed objects). */
export const responseSchemas = z.registry<{ id: string; description?: string }>();

const time = z.string().check(z.meta({ description: 'ISO 8601, UTC', example: '2026-11-26T09:30:00.000Z' }));
const date = z.string().check(z.meta({ description: 'YYYY-MM-DD (Asia/Shanghai)', example: '2026-12-02' }));
const nullable = <T extends z.ZodMiniType>(t: T) => z.nullable(t);
const level = z.literal([0, 1, 2, 3]).check(z.meta({ description: '0 none, 1, 2, 3' }));
const REQUEST_STATUSES = ['received', 'settled', 'ordered'] as const;
const CLOSE_REASONS = ['satisfied', 'basically_satisfied', 'unsatisfied_reviewed', 'unreachable'] as const;

export const Actor = z
  .object({
    sub: z.string(),
    role: z.enum([...STAFF_ROLES, 'system', 'citizen']),
    court: nullable(z.string()),
  })
  .register(responseSchemas, { id: 'Actor' });

export const HistoryEntry = z
  .object({
    at: time,
    action: z.enum(HISTORY_ACTIONS).check(
      z.meta({
        description:
          'what happened; `details` holds its facts (courtCode, deadline, previousDeadline, callbackDeadline, level, stage, rating, attempt, ratingSms ...)',
      }),
    ),
    by: Actor,
    note: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  })
  .register(responseSchemas, { id: 'HistoryEntry' });

export const Extension = z
  .object({
    reason: z.string(),
    workingDays: z.int(),
    status: z.enum(['pending', 'approved', 'rejected']),
    requestedBy: z.string(),
    requestedAt: time,
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(time),
    note: z.optional(z.string()),
  })
  .register(responseSchemas, { id: 'OrderExtension' });

const orderFields = {
  orderId: z.string(),
  requestId: z.string(),
  trackingNo: z.string(),
  category: z.enum(CATEGORIES),
  channel: z.enum(CHANNELS),
  courtCode: z.string().check(z.meta({ description: 'the court that must act' })),
  subjectCourtCode: z.string().check(z.meta({ description: 'the court the request is about' })),
  supervisingCourtCode: nullable(z.string()),
  status: z.enum(ORDER_STATUSES),
  createdAt: time,
  dispatchedAt: time,
  deadline: time,
  late: z.boolean(),
  escalationLevel: level,
  callbackDeadline: nullable(time),
  callbackEscalationLevel: level,
  callbackAttempts: z.int(),
  reopenCount: z.int(),
  reviewPending: z.boolean(),
  extension: nullable(Extension),
  answer: nullable(z.string()),
  repliedAt: nullable(time),
  rating: nullable(z.enum(RATINGS)),
  closeReason: nullable(z.enum(CLOSE_REASONS)),
  closedAt: nullable(time),
};

/** An order in a list: no history. */
export const OrderSummary = z.object(orderFields).register(responseSchemas, { id: 'OrderSummary' });
/** An order after an action, with its full history. */
export const Order = z
  .object({ ...orderFields, history: z.array(HistoryEntry) })
  .register(responseSchemas, { id: 'Order' });

export const RequestView = z
  .object({
    requestId: z.string(),
    trackingNo: z.string(),
    channel: z.enum(CHANNELS),
    category: z.enum(CATEGORIES),
    status: z.enum(REQUEST_STATUSES),
    createdAt: time,
    caseNumber: nullable(z.string()),
    courtCode: nullable(z.string()),
    content: z
      .optional(z.string())
      .check(z.meta({ description: 'absent where the reader sees the contact masked' })),
    contact: z.object({
      name: z.string().check(z.meta({ description: 'in full, or masked (张**)' })),
      phone: z.string().check(z.meta({ description: 'in full, or masked (139****5678)' })),
    }),
    answer: nullable(z.string()),
    settledAt: nullable(time),
  })
  .register(responseSchemas, { id: 'Request' });

/** GET /v1/orders/{orderId}: the order, its history and its request as the caller may see it. */
export const OrderDetail = z
  .extend(Order, {
    actions: z.array(z.enum(ORDER_ACTIONS)).check(
      z.meta({
        description:
          'what the caller may do to this order now, judged by the rules the action routes enforce: accept, return (退回中心, within its window), extension (申请延期), reply, decideExtension, review (督办审核), decideReturn (退单审核 or re-dispatch), urge (催办), judgeReply (答复合格/不合格), callback (回访)',
      }),
    ),
    request: nullable(RequestView),
  })
  .register(responseSchemas, {
    id: 'OrderDetail',
  });

export const CitizenOrder = z
  .object({
    orderId: z.string(),
    status: z.enum(ORDER_STATUSES),
    courtCode: z.string(),
    deadline: time,
    late: z.boolean(),
    answer: nullable(z.string()),
    repliedAt: nullable(time),
    closeReason: nullable(z.enum(CLOSE_REASONS)),
    history: z.array(z.object({ at: time, action: z.string(), courtCode: z.optional(z.string()) })),
  })
  .register(responseSchemas, { id: 'CitizenOrder' });

/** GET /v1/requests/{trackingNo}: the citizen sees their order without staff; staff see the order in full. */
export const RequestWithOrder = z
  .extend(RequestView, {
    order: z.union([CitizenOrder, Order, z.null()]),
    routing: z
      .optional(
        nullable(
          z.object({
            courtCode: z.string().check(z.meta({ description: 'the court the order would go to' })),
            firewalled: z.boolean(),
            reason: z
              .string()
              .check(z.meta({ description: 'why, in Chinese, as the order history will say' })),
          }),
        ),
      )
      .check(
        z.meta({
          description:
            "for the center's agents, while the request is not yet handled: where its order would go without an agent's choice; null when it names no court and the agent must choose one",
        }),
      ),
  })
  .register(responseSchemas, { id: 'RequestWithOrder' });

export const CreatedRequest = z
  .object({
    requestId: z.string(),
    trackingNo: z.string(),
    accessCode: z
      .string()
      .check(z.meta({ description: 'shown once: the citizen follows the request with it' })),
    status: z.enum(REQUEST_STATUSES),
    accessCodeSms: z.optional(z.enum(['sent', 'failed'])).check(
      z.meta({
        description:
          "a caller taken down by an agent (hotline, window): whether the SMS with the tracking number and access code went out; 'failed' (the SMS provider refused it): the agent reads the code out on the call, and a retry under the same Idempotency-Key sends it again",
      }),
    ),
  })
  .register(responseSchemas, { id: 'CreatedRequest' });

export const SettledRequest = z
  .object({
    requestId: z.string(),
    trackingNo: z.string(),
    status: z.enum(REQUEST_STATUSES),
    settledAt: nullable(time),
    knowledgeIds: z
      .array(z.string())
      .check(z.meta({ description: 'the knowledge-base entries the answer used (issue 20)' })),
  })
  .register(responseSchemas, { id: 'SettledRequest' });

export const CreatedOrder = z
  .object({
    orderId: z.string(),
    courtCode: z.string(),
    deadline: time,
    status: z.enum(ORDER_STATUSES),
    firewalled: z
      .boolean()
      .check(z.meta({ description: 'sent to the superior court because the request accuses' })),
  })
  .register(responseSchemas, { id: 'CreatedOrder' });

export const OrderPage = z
  .object({ items: z.array(OrderSummary), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'OrderPage' });

export const Courts = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        shortName: z.string(),
        level: z.enum(['high', 'intermediate', 'basic']),
        parentCode: nullable(z.string()),
        mergedInto: nullable(z.string()).check(
          z.meta({ description: 'set when merged into another court: choose that one for a new request' }),
        ),
      }),
    ),
  })
  .register(responseSchemas, { id: 'Courts' });

export const MintedToken = z
  .object({
    token: z.string(),
    channel: z.enum(['window', 'hotline', 'web', 'wechat', 'callback']),
    subject: z.string(),
    expiresAt: time,
    url: z
      .string()
      .check(z.meta({ description: 'the rating page with the token (for a QR code or an SMS)' })),
  })
  .register(responseSchemas, { id: 'MintedToken' });

export const EvaluationTokenState = z
  .object({
    state: z.enum(['unused', 'used', 'expired']),
    channel: z.enum(['window', 'hotline', 'web', 'wechat', 'callback']),
    courtCode: z.string(),
    courtName: z.string().check(z.meta({ description: 'the court the rating counts for' })),
    trackingNo: nullable(z.string()).check(
      z.meta({ description: "the rated request's or order's tracking number; null for a window" }),
    ),
    windowCode: nullable(z.string()).check(
      z.meta({ description: 'the window rated (赣1126-W01); null otherwise' }),
    ),
    expiresAt: time,
  })
  .check(
    z.meta({
      description:
        'What a rating link rates and whether it can still be used: nothing personal (no name, phone or text)',
    }),
  )
  .register(responseSchemas, { id: 'EvaluationTokenState' });

export const Evaluation = z
  .object({
    evaluationId: z.string(),
    channel: z.enum(['window', 'hotline', 'web', 'wechat', 'callback']),
    subject: z.string(),
    rating: nullable(z.enum(RATINGS)),
    ratedAt: nullable(time),
    enteredByStaff: z.boolean(),
  })
  .register(responseSchemas, { id: 'EvaluationResult' });

const count = z.int();
const rate = nullable(z.number()).check(z.meta({ description: 'null where nothing was counted' }));
const record = <K extends string>(keys: readonly [K, ...K[]], value: z.ZodMiniType) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, typeof value>);
const tally = { rated: count, satisfied: count, basicallySatisfied: count, unsatisfied: count };

const onePass = z.object({ total: count, repeat: count, secondPass: count, rate });

export const Report = z
  .object({
    courtCode: z.string(),
    period: z.string().check(z.meta({ description: 'YYYY-MM or YYYY-MM-DD' })),
    asOf: time,
    rolledUpThrough: nullable(date).check(
      z.meta({
        description:
          'the last day of the period whose daily report exists (GET /v1/reports/daily answers every day of the month up to it, and 404 not_rolled_up after it); a day report names itself; null when no day of the month is over yet',
      }),
    ),
    filter: z
      .object({ category: nullable(z.enum(CATEGORIES)), channel: nullable(z.enum(CHANNELS)) })
      .check(
        z.meta({ description: 'the filters applied (null: all); every count below is of what they keep' }),
      ),
    requests: z.object({
      total: count,
      settled: count,
      byChannel: record(CHANNELS, count),
      byCategory: record(CATEGORIES, count),
      repeat: count.check(
        z.meta({ description: 'repeat requests (重复诉求), linked to a matter in hand: also in total' }),
      ),
      settledWithKnowledge: count.check(
        z.meta({ description: 'settled at first contact with knowledge-base entries named (知识库)' }),
      ),
    }),
    firstContactResolutionRate: rate.check(
      z.meta({ description: '即时办结率: requests settled without an order (repeats included) / requests' }),
    ),
    firstContactResolutionByChannel: record(CHANNELS, z.object({ total: count, settled: count, rate })),
    onePassResolutionRate: rate.check(
      z.meta({
        description:
          '一次性办理到位率: (requests - repeats - orders needing a second pass) / requests; a second pass (an approved return, a rejected reply, a reopen) counts once, in the period it happened',
      }),
    ),
    onePassResolutionByChannel: record(CHANNELS, onePass),
    onePassResolutionByCategory: record(CATEGORIES, onePass),
    knowledgeBaseRate: rate.check(
      z.meta({
        description: 'first-contact settlements that used the knowledge base / first-contact settlements',
      }),
    ),
    orders: z.object({
      created: count,
      replied: count,
      onTime: count.check(z.meta({ description: 'reply rounds replied by their deadline' })),
      late: count.check(
        z.meta({ description: 'reply rounds replied after their deadline, or unanswered past it' }),
      ),
      lateUnanswered: count.check(
        z.meta({ description: 'of late: the rounds still unanswered past their deadline' }),
      ),
      closed: count,
      reopened: count,
      returned: count,
      replyRejected: count.check(
        z.meta({ description: 'replies the center sent back as unsatisfactory (答复不合格)' }),
      ),
      urged: count.check(z.meta({ description: 'times the center urged the court (催办)' })),
      createdByCategory: record(CATEGORIES, count),
      secondPass: count.check(
        z.meta({ description: 'orders that needed a second pass, counted once, in the period of the first' }),
      ),
      openLate: count.check(
        z.meta({
          description:
            "超期未办结: late and unanswered at the period's end (or now, for a period not over), late in an earlier period included",
        }),
      ),
    }),
    onTimeRate: rate.check(
      z.meta({
        description:
          '按期答复率 (DOMAIN.md): rounds replied by their deadline / rounds replied (onTime / (late − lateUnanswered + onTime))',
      }),
    ),
    dueOnTimeRate: rate.check(
      z.meta({
        description:
          '按期办结率（含超期未答复）: onTime / (onTime + late), the rounds unanswered past their deadline counted as late',
      }),
    ),
    onTimeByCategory: record(CATEGORIES, z.object({ onTime: count, late: count, rate })),
    escalations: z.object({ warning: count, level1: count, level2: count, level3: count }),
    satisfaction: z.object({
      ...tally,
      rate,
      byChannel: record(RATING_CHANNELS, z.object({ ...tally, rate })),
      byCategory: record(CATEGORIES, z.object({ ...tally, rate })),
    }),
    change: z.object({
      requestsMoM: rate,
      requestsYoY: rate,
      ordersMoM: rate,
      ordersYoY: rate,
    }),
  })
  .register(responseSchemas, { id: 'Report' });

export const OpenApiDocument = z
  .catchall(z.object({ openapi: z.string() }), z.unknown())
  .register(responseSchemas, { id: 'OpenApiDocument', description: 'This document' });

export const CalendarLoad = z
  .strictObject({
    year: z.int(),
    basis: z.enum(['official', 'deployment', 'fallback']),
    moved: z.array(
      z.strictObject({ orderId: z.string(), previousDeadline: nullable(time), deadline: nullable(time) }),
    ),
  })
  .register(responseSchemas, {
    id: 'CalendarLoad',
    description: "A year's calendar loaded, and the open orders whose future deadlines it moved",
  });

/** Issue 12: citizens on WeChat, and personal data. */
export const CitizenSession = z
  .object({
    token: z
      .string()
      .check(z.meta({ description: 'send as `Authorization: Bearer …` on /v1/me/* and when filing' })),
    tokenType: z.literal('Bearer'),
    audience: z.literal('citizen'),
    expiresAt: time,
  })
  .register(responseSchemas, { id: 'CitizenSession' });

export const RequestPage = z
  .object({ items: z.array(RequestView), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'RequestPage' });

/** Issue 20: where a matter's order stands, as an agent sees it at intake. */
const OrderState = z.object({
  orderId: z.string(),
  status: z.enum(ORDER_STATUSES),
  courtCode: z.string(),
  deadline: time,
  late: z.boolean(),
  closeReason: nullable(z.enum(CLOSE_REASONS)),
});

export const CallerRequestPage = z
  .object({
    items: z.array(
      z.extend(RequestView, {
        repeatOf: nullable(z.string()).check(
          z.meta({
            description: 'a repeat request (重复诉求): the tracking number of the matter it repeats',
          }),
        ),
        order: nullable(OrderState),
        likelyMatch: z.boolean().check(
          z.meta({
            description:
              'the matter the new request most likely repeats: the same case number, else the same court and category in the last 60 days',
          }),
        ),
      }),
    ),
    nextCursor: nullable(z.string()),
    likelyMatch: nullable(z.string()).check(
      z.meta({ description: "the likely match's tracking number (it may be on another page)" }),
    ),
  })
  .register(responseSchemas, { id: 'CallerRequestPage' });

export const InboxPage = z
  .object({
    items: z.array(
      z.extend(RequestView, {
        waitedMinutes: count.check(
          z.meta({ description: "minutes since the citizen filed it, by the system's clock" }),
        ),
      }),
    ),
    nextCursor: nullable(z.string()),
  })
  .register(responseSchemas, { id: 'InboxPage' });

export const LinkedRequest = z
  .object({
    requestId: z.string(),
    trackingNo: z.string(),
    status: z.enum(REQUEST_STATUSES),
    repeatOf: z.string().check(z.meta({ description: 'the tracking number of the matter it repeats' })),
    urged: z
      .boolean()
      .check(z.meta({ description: "the matter's order was with the court and is urged (催办)" })),
    order: nullable(OrderState),
  })
  .register(responseSchemas, { id: 'LinkedRequest' });

const measures = (t: z.ZodMiniType) => z.object({ onTime: t, satisfaction: t, onePass: t });
const place = nullable(z.int());
const RankedCourt = z.object({
  courtCode: z.string(),
  name: z.string(),
  parentCode: nullable(z.string()),
  requests: count,
  ordersJudged: count.check(z.meta({ description: 'reply rounds judged in the month (on time + late)' })),
  rates: measures(rate),
  ranks: measures(place),
  overall: place.check(z.meta({ description: 'place by the mean of the three places' })),
  regionRanks: nullable(z.extend(measures(place), { overall: place })).check(
    z.meta({ description: "a basic court's places within its intermediate court" }),
  ),
});

export const Ranking = z
  .object({
    month: z.string(),
    level: z.enum(RANKING_LEVELS),
    minOrders: count.check(
      z.meta({ description: 'reply rounds judged below which a court is listed apart (RANKING_MIN_ORDERS)' }),
    ),
    closed: z
      .boolean()
      .check(z.meta({ description: "the ranking the month's 通报 gave (false: computed now, provisional)" })),
    ranked: z.array(RankedCourt),
    apart: z.array(RankedCourt),
  })
  .register(responseSchemas, { id: 'Ranking' });

const BulletinOrder = z.object({
  orderId: z.string(),
  courtCode: z.string().check(z.meta({ description: 'the court handling the order now' })),
  category: z.string(),
  deadline: time,
  status: z.string(),
  link: z.string(),
  count: count.check(
    z.meta({
      description: 'what the order adds to the figure the list details (urges, rejections, late rounds)',
    }),
  ),
});

export const Bulletin = z
  .object({
    month: z.string(),
    court: z.object({ code: z.string(), name: z.string(), level: z.string() }),
    figures: z.object({
      requests: count,
      firstContactResolutionRate: rate,
      onePassResolutionRate: rate,
      repeat: count,
      ordersCreated: count,
      onTimeRate: rate,
      late: count,
      openLate: count,
      satisfactionRate: rate,
      urged: count,
      replyRejected: count,
    }),
    rank: nullable(z.extend(RankedCourt, { peers: count, apart: z.boolean() })),
    urged: z.array(BulletinOrder),
    rejected: z.array(BulletinOrder),
    late: z.array(z.extend(BulletinOrder, { openLate: z.boolean() })),
    withheld: z.object({ urged: count, rejected: count, late: count, openLate: count }).check(
      z.meta({
        description:
          "what the figures count in orders the caller may not see (a court's supervision office's complaints): with the lists, the figures",
      }),
    ),
  })
  .register(responseSchemas, { id: 'Bulletin' });

export const SubscriptionGrants = z
  .object({
    grants: z
      .object({ accepted: count, replied: count, closed: count, rating: count })
      .check(z.meta({ description: 'one-time grants left per notice: each message sent takes one' })),
  })
  .register(responseSchemas, { id: 'SubscriptionGrants' });

export const AccessLog = z
  .object({
    items: z.array(
      z.object({
        at: time,
        sub: z.string().check(z.meta({ description: 'the member of staff shown the unmasked data' })),
        role: z.enum(STAFF_ROLES),
        court: z.string(),
        requestId: z.string(),
        trackingNo: z.string(),
        route: z.string().check(z.meta({ example: 'GET /v1/orders/{orderId}' })),
      }),
    ),
    nextCursor: nullable(z.string()),
  })
  .register(responseSchemas, { id: 'AccessLog' });

/** Issue 20: the knowledge base and typical cases. */
const knowledgeContent = {
  knowledgeId: z.string(),
  title: z.string(),
  question: z.string(),
  answer: z.string(),
  category: z.enum(CATEGORIES),
  courtCode: nullable(z.string()).check(z.meta({ description: 'null: the whole province' })),
  tags: z.array(z.string()),
  status: z.enum(KNOWLEDGE_STATUSES),
  revision: z.int(),
  updatedAt: time,
};
export const KnowledgeEntry = z
  .object({
    ...knowledgeContent,
    createdAt: time,
    createdBy: z.string(),
    updatedBy: z.string(),
    fromTypicalCase: nullable(z.string()),
  })
  .register(responseSchemas, { id: 'KnowledgeEntry' });

export const KnowledgePage = z
  .object({
    items: z.array(z.object(knowledgeContent)).check(z.meta({ description: 'best match first' })),
    nextCursor: nullable(z.string()),
  })
  .register(responseSchemas, { id: 'KnowledgePage' });

export const KnowledgeDetail = z
  .extend(KnowledgeEntry, {
    revisions: z.array(
      z.object({
        revision: z.int(),
        at: time,
        by: z.string(),
        note: z.string(),
        title: z.string(),
        question: z.string(),
        answer: z.string(),
        category: z.enum(CATEGORIES),
        courtCode: nullable(z.string()),
        tags: z.array(z.string()),
        status: z.enum(KNOWLEDGE_STATUSES),
      }),
    ),
  })
  .register(responseSchemas, { id: 'KnowledgeDetail' });

export const TypicalCase = z
  .object({
    caseId: z.string(),
    title: z.string(),
    summary: z.string(),
    category: z.enum(CATEGORIES),
    courtCode: nullable(z.string()).check(
      z.meta({ description: 'the handling court; null for a complaint or an interference report' }),
    ),
    courtName: nullable(z.string()),
    month: z.string().check(z.meta({ description: 'the month the order closed, YYYY-MM' })),
    publishedAt: nullable(time),
    // The center's own fields: absent on the public list.
    orderId: z.optional(z.string()),
    status: z.optional(z.enum(TYPICAL_CASE_STATUSES)),
    nominatedBy: z.optional(z.string()),
    nominatedAt: z.optional(time),
    decidedBy: z.optional(nullable(z.string())),
    decisionNote: z.optional(z.string()),
    withdrawnBy: z.optional(nullable(z.string())),
    withdrawnAt: z.optional(nullable(time)),
    withdrawalReason: z.optional(
      nullable(z.string()).check(z.meta({ description: 'why the center took the published case down' })),
    ),
  })
  .register(responseSchemas, { id: 'TypicalCase' });

export const TypicalCasePage = z
  .object({ items: z.array(TypicalCase), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'TypicalCasePage' });

/** The directory at run time (the center's administrators; its record also for the center's auditors). */
const courtLevel = z.enum(['high', 'intermediate', 'basic']);
export const DirectoryCourt = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    level: courtLevel,
    parentCode: nullable(z.string()),
    mergedInto: nullable(z.string()).check(
      z.meta({
        description: 'the court that stands for it since it was merged (its orders and figures stay its own)',
      }),
    ),
  })
  .register(responseSchemas, { id: 'DirectoryCourt' });
export const StaffMember = z
  .strictObject({
    id: z.string(),
    court: z.string(),
    role: z.enum(MAIL_ROLES),
    unit: nullable(z.enum(UNITS)),
    name: z.string(),
    email: z.string(),
    active: z.boolean(),
  })
  .register(responseSchemas, { id: 'StaffMember' });
export const DirectoryChange = z
  .strictObject({
    changeId: z.string(),
    at: time,
    by: z.strictObject({ sub: z.string(), role: z.enum(STAFF_ROLES), court: z.string() }),
    kind: z.enum(CHANGE_KINDS),
    subject: z.string().check(z.meta({ description: "the member's id or the court's code" })),
    before: nullable(z.record(z.string(), z.unknown())).check(
      z.meta({ description: 'the member or court before the change; null when added' }),
    ),
    after: z.record(z.string(), z.unknown()),
  })
  .register(responseSchemas, { id: 'DirectoryChange' });
export const StaffPage = z
  .strictObject({ items: z.array(StaffMember), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'StaffPage' });
export const DirectoryCourtPage = z
  .strictObject({ items: z.array(DirectoryCourt), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'DirectoryCourtPage' });
export const DirectoryChangePage = z
  .strictObject({ items: z.array(DirectoryChange), nextCursor: nullable(z.string()) })
  .register(responseSchemas, { id: 'DirectoryChangePage' });
export const StaffChanged = z
  .strictObject({ member: StaffMember, change: nullable(DirectoryChange) })
  .register(responseSchemas, {
    id: 'StaffChanged',
    description:
      'The member as changed, and the record of the change (null: it changed nothing, and nothing was recorded)',
  });
export const CourtChanged = z
  .strictObject({ court: DirectoryCourt, change: nullable(DirectoryChange) })
  .register(responseSchemas, {
    id: 'CourtChanged',
    description:
      'The court as changed, and the record of the change (null: it changed nothing, and nothing was recorded)',
  });

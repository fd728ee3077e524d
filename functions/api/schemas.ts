import * as z from 'zod/mini';
import { CATEGORIES, CHANNELS, MAX_EXTENSION_WORKING_DAYS } from '../../domain/categories';
import { MAIL_ROLES, UNITS } from '../../domain/directory';
import { KNOWLEDGE_STATUSES } from '../../domain/knowledge';
import { MAINLAND_MOBILE_PATTERN } from '../../domain/mainland-mobile';
import { ORDER_STATUSES, RATINGS } from '../../domain/order';
import { RANKING_LEVELS } from '../../domain/ranking';
import { TYPICAL_CASE_STATUSES } from '../../domain/typical-case';
import { DOCS } from './docs';

/**
 * The request schemas of API v1: they validate every call and generate `GET /v1/openapi.json`,
 * so the contract and the checks cannot drift apart. zod/mini, not zod: the same checks, built from
 * functions, so a bundle carries only the ones it uses (15 KB, not zod's 100 KB in every function).
 *
 * Each is built on its first use (`CreateRequestBody()`), once: a function serves a few routes and
 * a cold start one call, so building every route's schemas at import (~4 ms) was work for nothing.
 */
const lazy = <T>(build: () => T): (() => T) => {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
};
/**
 * Control characters (NUL, escape, C1 ...) in a citizen's or a court's words would travel on into
 * emails, SMS and the desk: refused. Newlines, carriage returns and tabs are text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this rule's purpose
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const noControlChars = (s: string) => !CONTROL_CHARS.test(s);
const CONTROL_MESSAGE = { message: 'control characters are not allowed (newline and tab are)' };
/**
 * Format characters that change how text around them reads: the bidi overrides, embeddings, isolates
 * and marks (`\u202E赵敏\u202C` shows reversed, and can turn a phone or a link around in an email or
 * on the desk) are refused. Zero-width spaces, word joiners and byte-order marks carry nothing a
 * person wrote: they are stripped, so a name of only them (`\u200B\u200B`) is empty and refused.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const INVISIBLE = /[\u200B\u2060\uFEFF\u180E]/g;
const noBidiControls = (s: string) => !BIDI_CONTROLS.test(s);
const BIDI_MESSAGE = { message: 'bidirectional override and isolate characters are not allowed' };
/** Something a person can see: not only spaces and format characters (a lone zero-width joiner). */
const visibleOrEmpty = (s: string) => s === '' || /[^\p{Cf}\p{Z}\s]/u.test(s);
const VISIBLE_MESSAGE = { message: 'the text has no visible character' };
/** Every person-facing text field's checks, in this order: strip the invisible, trim, then judge. */
const personText = (max: number, min: number) =>
  z.string().check(
    z.overwrite((s) => s.replace(INVISIBLE, '')),
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
    z.refine(noControlChars, CONTROL_MESSAGE),
    z.refine(noBidiControls, BIDI_MESSAGE),
    z.refine(visibleOrEmpty, VISIBLE_MESSAGE),
  );
const text = (max: number) => personText(max, 1);
/** Free text that may be left empty (a decision's note, a rating's comment). */
const optionalText = (max: number) => personText(max, 0);
const courtCode = lazy(() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(16),
      z.meta(DOCS ? { description: 'a court code such as 赣1126', example: '赣1126' } : {}),
    ),
);

/** domain/mainland-mobile.ts: the one rule, published as the field's pattern. */
const mobile = () =>
  z
    .string()
    .check(
      z.trim(),
      z.regex(new RegExp(MAINLAND_MOBILE_PATTERN), 'an 11-digit mainland mobile number'),
      z.meta(
        DOCS
          ? { description: 'an 11-digit mainland mobile number (SMS go to it)', example: '13800138000' }
          : {},
      ),
    );

export const OrderIdParams = lazy(() =>
  z.object({ orderId: z.string().check(z.regex(/^GD[0-9A-Z]{8,40}$/)) }),
);
export const RequestIdParams = lazy(() =>
  z.object({ requestId: z.string().check(z.regex(/^RQ[0-9A-Z]{8,40}$/)) }),
);
export const TrackingNoParams = lazy(() =>
  z.object({ trackingNo: z.string().check(z.regex(/^\d{6}[0-9A-Z]{6}$/)) }),
);

export const CreateRequestBody = lazy(() =>
  z
    .object({
      channel: z.enum(CHANNELS),
      category: z.enum(CATEGORIES),
      content: text(4000),
      contact: z.object({
        name: text(50),
        phone: mobile(),
      }),
      caseNumber: z.optional(text(60)),
      courtCode: z.optional(courtCode()),
    })
    .check(z.meta({ id: 'CreateRequest' })),
);

export const SettleBody = lazy(() =>
  z
    .object({
      answer: text(4000),
      knowledgeIds: z._default(
        z
          .array(knowledgeId())
          .check(
            z.maxLength(20),
            z.meta(
              DOCS ? { description: 'the published knowledge-base entries the answer used (issue 20)' } : {},
            ),
          ),
        [],
      ),
    })
    .check(z.meta({ id: 'Settle' })),
);
export const CreateOrderBody = lazy(() =>
  z
    .object({
      courtCode: z.optional(courtCode()),
      repeatReason: z.optional(
        text(1000).check(
          z.meta(
            DOCS
              ? {
                  description:
                    'why a second order is needed for a case that already has one open (a new matter): without it such an order is refused with 409 case_has_open_order; kept as a note on the order',
                }
              : {},
          ),
        ),
      ),
    })
    .check(z.meta({ id: 'CreateOrder' })),
);
/** Issue 20: a repeat request (重复诉求) linked to the matter it repeats. */
export const LinkBody = lazy(() =>
  z
    .object({
      trackingNo: z
        .string()
        .check(
          z.trim(),
          z.regex(/^\d{6}[0-9A-Z]{6}$/),
          z.meta(DOCS ? { description: 'the tracking number of the matter it repeats' } : {}),
        ),
      note: z.optional(
        text(1000).check(
          z.meta(DOCS ? { description: "the urge's note (催办意见) when it urges the matter's order" } : {}),
        ),
      ),
    })
    .check(z.meta({ id: 'Link' })),
);
export const DispatchBody = lazy(() =>
  z.object({ courtCode: courtCode() }).check(z.meta({ id: 'Dispatch' })),
);
export const ReturnBody = lazy(() => z.object({ reason: text(1000) }).check(z.meta({ id: 'Return' })));
export const ExtensionBody = lazy(() =>
  z
    .object({
      reason: text(1000),
      workingDays: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_EXTENSION_WORKING_DAYS)),
    })
    .check(z.meta({ id: 'Extension' })),
);
export const DecisionBody = lazy(() =>
  z
    .object({
      approved: z.boolean(),
      note: z._default(optionalText(1000), ''),
    })
    .check(z.meta({ id: 'Decision' })),
);
export const ReturnDecisionBody = lazy(() =>
  z
    .object({
      approved: z.boolean(),
      note: z._default(optionalText(1000), ''),
      courtCode: z
        .optional(courtCode())
        .check(z.meta(DOCS ? { description: 'where an approved return goes' } : {})),
    })
    .check(
      z.refine((b) => !b.approved || b.courtCode !== undefined, {
        message: 'an approved return names the court it goes to',
        path: ['courtCode'],
      }),
      z.meta({ id: 'ReturnDecision' }),
    ),
);
export const ReplyDecisionBody = lazy(() =>
  z.object({ accepted: z.boolean(), reason: z._default(optionalText(1000), '') }).check(
    z.refine((b) => b.accepted || b.reason !== '', {
      message: 'a reply sent back to the court gives the reason',
      path: ['reason'],
    }),
    z.meta({ id: 'ReplyDecision' }),
  ),
);
export const UrgeBody = lazy(() => z.object({ note: text(1000) }).check(z.meta({ id: 'Urge' })));
export const ReplyBody = lazy(() => z.object({ answer: text(8000) }).check(z.meta({ id: 'Reply' })));
export const ReviewBody = lazy(() => z.object({ note: text(1000) }).check(z.meta({ id: 'Review' })));
export const CallbackBody = lazy(() =>
  z
    .object({
      reached: z.boolean(),
      rating: z.optional(z.enum(RATINGS)),
      comment: z.optional(optionalText(1000)),
    })
    .check(
      z.refine((b) => !b.reached || b.rating !== undefined, {
        message: 'a reached citizen gives a rating',
        path: ['rating'],
      }),
      z.refine((b) => b.reached || b.rating === undefined, {
        message: 'no rating without reaching the citizen',
        path: ['rating'],
      }),
      z.meta({ id: 'Callback' }),
    ),
);

/** A time with any offset, compared as the UTC instant it names (the lists are keyed by UTC time). */
const isoTime = lazy(() =>
  z.pipe(
    z.iso.datetime({ offset: true }),
    z.transform((s: string) => new Date(s).toISOString()),
  ),
);

export const OrdersQuery = lazy(() =>
  z
    .object({
      courtCode: z.optional(courtCode()),
      status: z.optional(z.enum(ORDER_STATUSES)),
      late: z.optional(z.enum(['true', 'false'])),
      from: z.optional(isoTime()),
      to: z.optional(isoTime()),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
      cursor: z.optional(z.string().check(z.maxLength(2000))),
    })
    .check(
      z.refine((q) => !q.from || !q.to || q.from <= q.to, {
        message: 'from must not be later than to',
        path: ['from'],
      }),
    ),
);

export const MintTokenBody = lazy(() =>
  z
    .object({
      channel: z.enum(['window', 'hotline', 'web', 'wechat']),
      subject: z
        .string()
        .check(
          z.trim(),
          z.minLength(1),
          z.maxLength(64),
          z.meta(DOCS ? { description: 'a window code (赣1126-W01) or a requestId' } : {}),
        ),
      accessCode: z.optional(z.string().check(z.trim(), z.maxLength(16))),
    })
    .check(z.meta({ id: 'MintEvaluationToken' })),
);

/** A rating link's token as the page holds it (`tokenId.secret`); a shape it cannot have is simply not found. */
export const EvaluationTokenParams = lazy(() =>
  z.object({ token: z.string().check(z.minLength(10), z.maxLength(200), z.regex(/^[\w.-]+$/)) }),
);

export const EvaluationBody = lazy(() =>
  z
    .object({
      token: z.string().check(z.trim(), z.minLength(10), z.maxLength(200)),
      rating: z.enum(RATINGS),
      comment: z.optional(optionalText(1000)),
    })
    .check(z.meta({ id: 'Evaluation' })),
);

/** Figures exist from 2000 to 2100: years outside are refused, not computed (date arithmetic breaks before year 1). */
const month = lazy(() =>
  z.string().check(z.regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, 'YYYY-MM, 2000 to 2100')),
);
const date = lazy(() =>
  z.iso
    .date()
    .check(z.refine((d) => d >= '2000-01-01' && d <= '2100-12-31', { message: 'a date from 2000 to 2100' })),
);

/** A report's optional filters: the request's category and channel (services/reports.ts). */
const reportFilter = () => ({
  category: z.optional(z.enum(CATEGORIES)),
  channel: z.optional(z.enum(CHANNELS)),
});
export const MonthlyReportQuery = lazy(() =>
  z.object({ month: month(), courtCode: z.optional(courtCode()), ...reportFilter() }),
);
export const DailyReportQuery = lazy(() =>
  z.object({ date: date(), courtCode: z.optional(courtCode()), ...reportFilter() }),
);

/** Issue 20: rankings and the monthly 通报. */
const RANKING_LEVEL_HELP =
  'intermediate courts together, or basic courts province-wide (and within their region)';
export const RankingQuery = lazy(() =>
  z.object({
    month: month(),
    level: z
      ._default(z.enum(RANKING_LEVELS), 'basic')
      .check(z.meta(DOCS ? { description: RANKING_LEVEL_HELP } : {})),
  }),
);
export const BulletinQuery = lazy(() => z.object({ month: month(), courtCode: courtCode() }));

export const CalendarYearParams = lazy(() =>
  z.object({
    year: z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100)),
  }),
);
/** A date of a calendar load, as sent: its form is checked by the calendar's rule, which names it. */
const calendarDate = () => z.string().check(z.minLength(1), z.maxLength(32));
export const CalendarYearBody = lazy(() =>
  z
    .object({
      // Each date is read by the calendar's own rule (domain/working-days.ts#calendarYearProblems),
      // so that a wrong one is refused by name, with every other wrong one.
      holidays: z.array(calendarDate()).check(
        z.maxLength(60),
        z.meta(
          DOCS
            ? {
                description:
                  "the days off as the notice lists them, YYYY-MM-DD of the year (a holiday's weekend days may be listed)",
              }
            : {},
        ),
      ),
      workdays: z
        .array(calendarDate())
        .check(
          z.maxLength(20),
          z.meta(
            DOCS
              ? { description: 'weekend days that are working days (调休, 补班), YYYY-MM-DD of the year' }
              : {},
          ),
        ),
    })
    .check(z.meta({ id: 'CalendarYear' })),
);

/** Issue 12: citizens on WeChat, and personal data. */
const page = () => ({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const WeChatSessionBody = lazy(() =>
  z
    .object({
      code: z
        .string()
        .check(
          z.trim(),
          z.minLength(1),
          z.maxLength(128),
          z.regex(/^[\x21-\x7e]+$/, 'a wx.login code'),
          z.meta(
            DOCS ? { description: 'the code wx.login gave the mini program (locally `local-<name>`)' } : {},
          ),
        ),
    })
    .check(z.meta({ id: 'WeChatSession' })),
);
export const SubscriptionsBody = lazy(() =>
  z
    .object({
      templateIds: z
        .array(
          z
            .string()
            .check(z.trim(), z.minLength(1), z.maxLength(128), z.refine(noControlChars, CONTROL_MESSAGE)),
        )
        .check(
          z.minLength(1),
          z.maxLength(20),
          z.meta(
            DOCS
              ? {
                  description:
                    'the templates the citizen accepted in wx.requestSubscribeMessage: one grant each',
                }
              : {},
          ),
        ),
    })
    .check(z.meta({ id: 'Subscriptions' })),
);
export const PageQuery = lazy(() => z.object(page()));
export const PhoneQuery = lazy(() =>
  z.object({
    phone: mobile(),
    // What the new request says (issue 20): the likely match is judged against it.
    caseNumber: z.optional(
      text(60).check(z.meta(DOCS ? { description: "the new request's case number" } : {})),
    ),
    courtCode: z.optional(courtCode()),
    category: z.optional(z.enum(CATEGORIES)),
    forRequest: z.optional(
      z.string().check(
        z.regex(/^\d{6}[0-9A-Z]{6}$/),
        z.meta(
          DOCS
            ? {
                description:
                  'the tracking number of the new request being taken: left out of the match, which is judged on what it says',
              }
            : {},
        ),
      ),
    ),
    ...page(),
  }),
);

/** Issue 20: the knowledge base and typical cases. */
const knowledgeId = lazy(() => z.string().check(z.regex(/^KB[0-9A-Z]{8,40}$/, 'a knowledge entry id')));
export const KnowledgeIdParams = lazy(() => z.object({ knowledgeId: knowledgeId() }));
export const CaseIdParams = lazy(() =>
  z.object({ caseId: z.string().check(z.regex(/^TC[0-9A-Z]{8,40}$/, 'a typical case id')) }),
);
/** An entry's fields: all optional here; a new entry's own check says which it needs. */
const knowledgeFields = () => ({
  title: z.optional(text(200)),
  question: z.optional(text(2000)),
  answer: z.optional(text(8000)),
  category: z.optional(z.enum(CATEGORIES)),
  courtCode: z.optional(
    z
      .nullable(courtCode())
      .check(z.meta(DOCS ? { description: 'the court it is about; null or absent: the province' } : {})),
  ),
  tags: z.optional(z.array(text(30)).check(z.maxLength(20))),
  status: z.optional(z.enum(KNOWLEDGE_STATUSES)),
  note: z.optional(
    optionalText(1000).check(z.meta(DOCS ? { description: 'why it changed (kept with the revision)' } : {})),
  ),
});
export const CreateKnowledgeBody = lazy(() =>
  z
    .object({
      ...knowledgeFields(),
      fromTypicalCase: z.optional(
        z
          .string()
          .check(
            z.regex(/^TC[0-9A-Z]{8,40}$/),
            z.meta(
              DOCS
                ? { description: 'a published typical case: its title and summary fill what is left out' }
                : {},
            ),
          ),
      ),
    })
    .check(
      z.refine(
        (b) => b.fromTypicalCase !== undefined || (!!b.title && !!b.question && !!b.answer && !!b.category),
        { message: 'a new entry needs title, question, answer and category, or fromTypicalCase' },
      ),
      z.meta({ id: 'CreateKnowledge' }),
    ),
);
export const ReviseKnowledgeBody = lazy(() =>
  z
    .object({
      ...knowledgeFields(),
      revision: z.optional(
        z
          .number()
          .check(
            z.int(),
            z.minimum(1),
            z.meta(
              DOCS ? { description: 'the revision the editor started from: 409 if another saved since' } : {},
            ),
          ),
      ),
    })
    .check(z.meta({ id: 'ReviseKnowledge' })),
);
export const KnowledgeQuery = lazy(() =>
  z.object({
    q: z.optional(
      z
        .string()
        .check(
          z.trim(),
          z.maxLength(200),
          z.refine(noControlChars, CONTROL_MESSAGE),
          z.meta(
            DOCS
              ? { description: 'what the agent has typed so far, in Chinese; empty lists every entry' }
              : {},
          ),
        ),
    ),
    category: z.optional(z.enum(CATEGORIES)),
    courtCode: z.optional(courtCode()),
    status: z.optional(
      z
        .enum(KNOWLEDGE_STATUSES)
        .check(z.meta(DOCS ? { description: 'withdrawn: the center only @default published' } : {})),
    ),
    ...page(),
  }),
);
export const NominateBody = lazy(() =>
  z
    .object({
      title: text(100),
      summary: text(4000).check(
        z.meta(
          DOCS
            ? {
                description: "written by staff: no names, phones, case numbers or the citizen's own words",
              }
            : {},
        ),
      ),
    })
    .check(z.meta({ id: 'NominateTypicalCase' })),
);
export const CaseDecisionBody = lazy(() =>
  z
    .object({
      approved: z.boolean(),
      note: z
        ._default(optionalText(1000), '')
        .check(
          z.meta(
            DOCS
              ? { description: 'kept with the case, for the center: no personal data (422 personal_data)' }
              : {},
          ),
        ),
    })
    .check(z.meta({ id: 'TypicalCaseDecision' })),
);
export const CaseWithdrawalBody = lazy(() =>
  z
    .object({
      reason: text(1000).check(
        z.meta(
          DOCS
            ? {
                description:
                  "why the published case is taken down (kept with it, for the center): staff's own words, no names, phones, case numbers or the citizen's words (422 personal_data)",
              }
            : {},
        ),
      ),
    })
    .check(z.meta({ id: 'TypicalCaseWithdrawal' })),
);
export const TypicalCasesQuery = lazy(() =>
  z.object({
    status: z._default(
      z
        .enum(TYPICAL_CASE_STATUSES)
        .check(z.meta(DOCS ? { description: 'nominated, rejected and withdrawn: the center only' } : {})),
      'published',
    ),
    ...page(),
  }),
);

/**
 * The directory at run time (the center's administrators): a change is one of a few actions,
 * named by `action`; fields not of that action are refused (a misspelt field would otherwise be
 * a change silently not made).
 */
const memberId = () =>
  z
    .string()
    .check(z.regex(/^ST[0-9A-F]{16}$/, 'a member id (ST…)'), z.meta({ example: 'ST1A2B3C4D5E6F7A8B' }));
const personName = () => text(60);
const email = () => z.email().check(z.maxLength(254));
const mailRole = () =>
  z
    .enum(MAIL_ROLES)
    .check(z.meta(DOCS ? { description: 'who receives which emails follows from role and unit' } : {}));
const unit = () =>
  z.nullable(z.enum(UNITS)).check(
    z.meta(
      DOCS
        ? {
            description:
              "`supervision`: the court's supervision office (complaints, interference reports); `leadership`: the center's leadership (supervisors of the high court); null: the court's ordinary staff",
          }
        : {},
    ),
  );
const courtName = () => text(60);
export const StaffChangeBody = lazy(() =>
  z
    .discriminatedUnion('action', [
      z.strictObject({
        action: z.literal('add'),
        court: courtCode(),
        role: mailRole(),
        unit: z.optional(unit()),
        name: personName(),
        email: email(),
      }),
      z.strictObject({
        action: z.literal('change'),
        id: memberId(),
        court: z.optional(courtCode()),
        role: z.optional(mailRole()),
        unit: z.optional(unit()),
        name: z.optional(personName()),
        email: z.optional(email()),
        active: z.optional(z.boolean()),
      }),
      z.strictObject({ action: z.literal('deactivate'), id: memberId() }),
    ])
    .check(z.meta({ id: 'StaffChange' })),
);
export const CourtChangeBody = lazy(() =>
  z
    .discriminatedUnion('action', [
      z.strictObject({
        action: z.literal('add'),
        code: courtCode(),
        name: courtName(),
        shortName: courtName(),
        parentCode: courtCode(),
      }),
      z.strictObject({
        action: z.literal('rename'),
        code: courtCode(),
        name: courtName(),
        shortName: courtName(),
      }),
      z.strictObject({
        action: z.literal('merge'),
        code: courtCode(),
        into: courtCode().check(
          z.meta(DOCS ? { description: 'the court that takes its place from now on' } : {}),
        ),
      }),
    ])
    .check(z.meta({ id: 'CourtChange' })),
);
export const AdminStaffQuery = lazy(() =>
  z.object({
    courtCode: z.optional(courtCode()),
    active: z.optional(z.enum(['true', 'false'])),
    ...page(),
  }),
);

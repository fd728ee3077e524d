import * as z from 'zod';
import { CATEGORIES, CHANNELS, MAX_EXTENSION_WORKING_DAYS } from '../../domain/categories';
import { ORDER_STATUSES, RATINGS } from '../../domain/order';

/**
 * The request schemas of API v1: they validate every call and generate `GET /v1/openapi.json`,
 * so the contract and the checks cannot drift apart.
 */
/**
 * Control characters (NUL, escape, C1 ...) in a citizen's or a court's words would travel on into
 * emails, SMS and the desk: refused. Newlines, carriage returns and tabs are text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this rule's purpose
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const noControlChars = (s: string) => !CONTROL_CHARS.test(s);
const CONTROL_MESSAGE = { message: 'control characters are not allowed (newline and tab are)' };
const text = (max: number) => z.string().trim().min(1).max(max).refine(noControlChars, CONTROL_MESSAGE);
/** Free text that may be left empty (a decision's note, a rating's comment). */
const optionalText = (max: number) => z.string().trim().max(max).refine(noControlChars, CONTROL_MESSAGE);
const courtCode = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .meta({ description: 'a court code such as 赣1126', example: '赣1126' });

export const OrderIdParams = z.object({ orderId: z.string().regex(/^GD[0-9A-Z]{8,40}$/) });
export const RequestIdParams = z.object({ requestId: z.string().regex(/^RQ[0-9A-Z]{8,40}$/) });
export const TrackingNoParams = z.object({ trackingNo: z.string().regex(/^\d{6}[0-9A-Z]{6}$/) });

export const CreateRequestBody = z
  .object({
    channel: z.enum(CHANNELS),
    category: z.enum(CATEGORIES),
    content: text(4000),
    contact: z.object({
      name: text(50),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number'),
    }),
    caseNumber: text(60).optional(),
    courtCode: courtCode.optional(),
  })
  .meta({ id: 'CreateRequest' });

export const SettleBody = z.object({ answer: text(4000) }).meta({ id: 'Settle' });
export const CreateOrderBody = z.object({ courtCode: courtCode.optional() }).meta({ id: 'CreateOrder' });
export const DispatchBody = z.object({ courtCode }).meta({ id: 'Dispatch' });
export const ReturnBody = z.object({ reason: text(1000) }).meta({ id: 'Return' });
export const ExtensionBody = z
  .object({ reason: text(1000), workingDays: z.number().int().min(1).max(MAX_EXTENSION_WORKING_DAYS) })
  .meta({ id: 'Extension' });
export const DecisionBody = z
  .object({ approved: z.boolean(), note: optionalText(1000).default('') })
  .meta({ id: 'Decision' });
export const ReturnDecisionBody = z
  .object({
    approved: z.boolean(),
    note: optionalText(1000).default(''),
    courtCode: courtCode.optional().meta({ description: 'where an approved return goes' }),
  })
  .refine((b) => !b.approved || b.courtCode !== undefined, {
    message: 'an approved return names the court it goes to',
    path: ['courtCode'],
  })
  .meta({ id: 'ReturnDecision' });
export const ReplyDecisionBody = z
  .object({ accepted: z.boolean(), reason: optionalText(1000).default('') })
  .refine((b) => b.accepted || b.reason !== '', {
    message: 'a reply sent back to the court gives the reason',
    path: ['reason'],
  })
  .meta({ id: 'ReplyDecision' });
export const UrgeBody = z.object({ note: text(1000) }).meta({ id: 'Urge' });
export const ReplyBody = z.object({ answer: text(8000) }).meta({ id: 'Reply' });
export const ReviewBody = z.object({ note: text(1000) }).meta({ id: 'Review' });
export const CallbackBody = z
  .object({
    reached: z.boolean(),
    rating: z.enum(RATINGS).optional(),
    comment: optionalText(1000).optional(),
  })
  .refine((b) => !b.reached || b.rating !== undefined, {
    message: 'a reached citizen gives a rating',
    path: ['rating'],
  })
  .refine((b) => b.reached || b.rating === undefined, {
    message: 'no rating without reaching the citizen',
    path: ['rating'],
  })
  .meta({ id: 'Callback' });

/** A time with any offset, compared as the UTC instant it names (the lists are keyed by UTC time). */
const isoTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const OrdersQuery = z
  .object({
    courtCode: courtCode.optional(),
    status: z.enum(ORDER_STATUSES).optional(),
    late: z.enum(['true', 'false']).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(2000).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be later than to',
    path: ['from'],
  });

export const MintTokenBody = z
  .object({
    channel: z.enum(['window', 'hotline', 'web', 'wechat']),
    subject: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .meta({ description: 'a window code (赣1126-W01) or a requestId' }),
    accessCode: z.string().trim().max(16).optional(),
  })
  .meta({ id: 'MintEvaluationToken' });

export const EvaluationBody = z
  .object({
    token: z.string().trim().min(10).max(200),
    rating: z.enum(RATINGS),
    comment: optionalText(1000).optional(),
  })
  .meta({ id: 'Evaluation' });

/** Figures exist from 2000 to 2100: years outside are refused, not computed (date arithmetic breaks before year 1). */
const month = z.string().regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, 'YYYY-MM, 2000 to 2100');
const date = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2100-12-31', { message: 'a date from 2000 to 2100' });

/** A report's optional filters: the request's category and channel (services/reports.ts). */
const reportFilter = { category: z.enum(CATEGORIES).optional(), channel: z.enum(CHANNELS).optional() };
export const MonthlyReportQuery = z.object({ month, courtCode: courtCode.optional(), ...reportFilter });
export const DailyReportQuery = z.object({ date, courtCode: courtCode.optional(), ...reportFilter });

export const CalendarYearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const CalendarYearBody = z
  .object({
    holidays: z.array(date).max(60).meta({ description: 'days off that would otherwise be working days' }),
    workdays: z.array(date).max(20).meta({ description: 'weekend days that are working days (调休)' }),
  })
  .meta({ id: 'CalendarYear' });

/** Issue 12: citizens on WeChat, and personal data. */
const page = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
};
export const WeChatSessionBody = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'a wx.login code')
      .meta({ description: 'the code wx.login gave the mini program (locally `local-<name>`)' }),
  })
  .meta({ id: 'WeChatSession' });
export const SubscriptionsBody = z
  .object({
    templateIds: z
      .array(z.string().trim().min(1).max(128).refine(noControlChars, CONTROL_MESSAGE))
      .min(1)
      .max(20)
      .meta({
        description: 'the templates the citizen accepted in wx.requestSubscribeMessage: one grant each',
      }),
  })
  .meta({ id: 'Subscriptions' });
export const PageQuery = z.object(page);
export const PhoneQuery = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number'),
  ...page,
});

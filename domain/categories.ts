/**
 * Request categories and the working days a court has to answer each. These are the defaults of
 * DOMAIN.md; a deployment changes them here, in one place, and every deadline follows.
 */
export const CATEGORIES = [
  'case_progress',
  'contact_judge',
  'litigation_guidance',
  'enforcement',
  'complaint',
  'interference_report',
  'suggestion',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const REPLY_WORKING_DAYS: Record<Category, number> = {
  case_progress: 1,
  contact_judge: 1,
  litigation_guidance: 1,
  enforcement: 3,
  complaint: 5,
  interference_report: 1,
  suggestion: 10,
  other: 5,
};

/** Chinese labels used in emails and the HTML report. */
export const CATEGORY_LABELS: Record<Category, string> = {
  case_progress: '案件查询',
  contact_judge: '联系法官',
  litigation_guidance: '诉讼指引',
  enforcement: '执行',
  complaint: '投诉',
  interference_report: '“三个规定”报告',
  suggestion: '意见建议',
  other: '其他',
};

export const CHANNELS = ['web', 'wechat', 'hotline', 'window'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels where a member of staff takes the request down, so only an agent may file them. */
export const STAFF_CHANNELS: readonly Channel[] = ['hotline', 'window'];

/** Working days the center has to call the citizen back after the court's reply. */
export const CALLBACK_WORKING_DAYS = 2;
/** Working days within which a court may return a wrongly routed order. */
export const RETURN_WINDOW_WORKING_DAYS = 1;
/** Working days the center has to re-dispatch a returned order. */
export const REDISPATCH_WORKING_DAYS = 1;
/** Failed callback attempts after which the citizen gets an SMS with a rating link. */
export const CALLBACK_ATTEMPTS_BEFORE_SMS = 3;
/** Reopens allowed before an unsatisfied order goes to a supervisor's review instead. */
export const MAX_REOPENS = 2;
/** Longest extension a court may ask for, in working days. */
export const MAX_EXTENSION_WORKING_DAYS = 5;

import type { components } from '../api/schema';
import { CATEGORY, CHANNEL, CLOSE_REASON, LEVEL, RATING } from '../shared/labels';
import { beijingDay } from '../shared/time';

type HistoryEntry = components['schemas']['HistoryEntry'];
export type HistoryAction = HistoryEntry['action'];
type Details = NonNullable<HistoryEntry['details']>;

/**
 * One line of an order's history as a sentence a reader of the desk understands, in Chinese, with
 * every time in Beijing time (issue 25: the page showed `callbackDeadline：2026-12-07T09:30:00.000Z`).
 * The one mapping from the history's kinds and facts to words: the Record is typed by the API's
 * list of kinds, so a kind the API starts writing fails the type-check until it is worded here.
 */
export function historySentence(h: HistoryEntry, courtName: (code: string) => string): string {
  const d: Details = h.details ?? {};
  const court = () => (typeof d.courtCode === 'string' ? courtName(d.courtCode) : '法院');
  return SENTENCES[h.action]({ d, court, courtName });
}

interface Facts {
  d: Details;
  court: () => string;
  courtName: (code: string) => string;
}

const text = (v: Details[string] | undefined) => (v === null || v === undefined ? '' : String(v));
const at = (v: Details[string] | undefined) => beijingDay(typeof v === 'string' ? v : null);

/** What the clock was enforcing when it wrote the line (domain/order.ts Stage). */
const STAGE_DEADLINE: Record<string, string> = {
  reply: '答复期限',
  redispatch: '中心重新派单期限',
  callback: '回访期限',
  review: '督办审核期限',
};
const stageDeadline = (d: Details) => STAGE_DEADLINE[text(d.stage)] ?? '期限';

const SENTENCES: Record<HistoryAction, (f: Facts) => string> = {
  created: ({ d }) =>
    `登记工单：${CATEGORY[d.category as keyof typeof CATEGORY] ?? '诉求'}，来自${CHANNEL[d.channel as keyof typeof CHANNEL] ?? '群众'}`,
  dispatched: ({ d, court }) =>
    `派至${court()}，答复期限 ${at(d.deadline)}` +
    (d.firewalled === true ? '（投诉、“三个规定”报告回避被反映法院，由上级法院监察室办理）' : '') +
    (d.calendar === 'fallback' ? '（期限按后备日历计算）' : ''),
  notified: ({ d, court }) =>
    `已通知${d.stage === 'reply' ? `${court()}承办人员` : '相关人员'}（${text(d.recipients)} 人），${stageDeadline(d)} ${at(d.deadline)}`,
  accepted: () => '签收工单',
  returned: ({ court }) => `${court()}退回中心`,
  return_approved: ({ court }) => `中心同意${court()}退回`,
  return_rejected: ({ d, court }) =>
    `中心不同意退回，仍由${court()}办理，答复期限 ${at(d.deadline)}${d.late === true ? '（已超期）' : ''}`,
  extension_requested: ({ d }) => `申请延期 ${text(d.workingDays)} 个工作日`,
  extension_approved: ({ d }) =>
    `批准延期，答复期限由 ${at(d.previousDeadline)} 延至 ${at(d.deadline)}` +
    (d.late === true ? '（批准时已超期，本轮仍计超期）' : ''),
  extension_rejected: () => '驳回延期申请',
  replied: ({ d, court }) =>
    `${court()}答复${d.late === true ? '（超期）' : ''}，回访期限 ${at(d.callbackDeadline)}`,
  reply_accepted: () => '中心认定答复合格',
  reply_rejected: ({ d, court }) =>
    `中心认定答复不合格，退回${court()}重新答复，答复期限 ${at(d.deadline)}${d.late === true ? '（已超期）' : ''}`,
  urged: ({ d, court }) => `中心催办${court()}${d.repeatRequestId ? '（群众重复来电）' : ''}，已邮件通知`,
  callback_unreached: ({ d }) =>
    `第 ${text(d.attempt)} 次回访未接通${d.ratingSms === true ? '，已向群众发送评价短信' : ''}`,
  rated: ({ d }) =>
    `群众评价：${RATING[d.rating as keyof typeof RATING] ?? text(d.rating)}（${d.source === 'sms' ? '短信评价' : '电话回访'}）`,
  reopened: ({ d, courtName }) =>
    `群众不满意，第 ${text(d.reopenCount)} 次重办，由${courtName(text(d.supervisingCourtCode))}督办，答复期限 ${at(d.deadline)}`,
  review_requested: ({ d }) => `重办后群众仍不满意，提请上级法院督办审核，审核期限 ${at(d.deadline)}`,
  closed: ({ d }) =>
    `办结：${CLOSE_REASON[d.closeReason as keyof typeof CLOSE_REASON] ?? text(d.closeReason)}`,
  warning: ({ d }) => `预警：${stageDeadline(d)} ${at(d.deadline)} 将至，已提醒 ${text(d.recipients)} 人`,
  escalated: ({ d }) =>
    `${LEVEL[Number(d.level) as 1 | 2 | 3] ?? '督办'}：${stageDeadline(d)} ${at(d.deadline)} 已过，已通知 ${text(d.recipients)} 人`,
  deadline_moved: ({ d }) =>
    `${d.round === true ? '答复期限' : stageDeadline(d)}由 ${at(d.previousDeadline)} 调整至 ${at(d.deadline)}`,
};

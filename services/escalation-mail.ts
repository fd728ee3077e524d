import type { Mail } from '../adapters/notify';
import { CATEGORY_LABELS } from '../domain/categories';
import { type ClockStep, STEP_LABEL, STEP_LEVEL, workingDaysLate } from '../domain/ladder';
import type { Order } from '../domain/order';
import type { Audience } from '../domain/recipients';
import { formatShanghai } from '../domain/working-days';
import type { Services } from './context';
import { quotedLines } from './quoted-text';

/**
 * The people of some audiences (domain/recipients.ts), from the staff directory. Where a court has
 * nobody in that place, the mail goes to the next court up that has someone (its supervisors); a
 * supervision office nobody staffs anywhere falls back to the courts' ordinary staff, who are never
 * the accused court's (the firewall routes above it). Each address once.
 */
export function staffFor(s: Services, audiences: Audience[]) {
  const seen = new Set<string>();
  const out: Array<{ email: string; name: string }> = [];
  for (const audience of audiences) {
    const found =
      lookUp(s, audience) ?? (audience.unit !== null ? lookUp(s, { ...audience, unit: null }) : null) ?? [];
    for (const m of found) {
      if (seen.has(m.email)) continue;
      seen.add(m.email);
      out.push(m);
    }
  }
  return out;
}

function lookUp(s: Services, audience: Audience) {
  let role = audience.role;
  for (const c of s.courts.lineage(audience.court)) {
    const found = s.staff.find(c.code, role, audience.unit);
    if (found.length > 0) return found;
    if (audience.unit === 'leadership') break;
    role = 'supervisor';
  }
  return null;
}

/** What opened the current reply round, for the subject of its notice. */
const NOTICE_LABEL: Record<string, string> = {
  dispatched: '新工单',
  reopened: '重办工单',
  return_rejected: '退单未通过',
  reply_rejected: '答复不合格',
  review_requested: '待审核',
};

function noticeLabel(order: Order): string {
  const opened = order.history.findLast((h) => h.action in NOTICE_LABEL);
  return NOTICE_LABEL[opened?.action ?? 'dispatched'] ?? '新工单';
}

const STAGE_LABEL: Record<Order['stage'], string> = {
  reply: '法院答复',
  redispatch: '中心重新派单',
  callback: '中心回访',
  review: '督办审核',
  none: '',
};

/** The email for one step of an order's clock, in Chinese: the order, the court, the deadline, how late, the link. */
export function escalationMail(s: Services, order: Order, step: ClockStep, to: string[]): Mail {
  const court = s.courts.get(order.courtCode);
  const deadline = order.stageDeadline ? new Date(order.stageDeadline) : null;
  const now = s.clock.now();
  const late = deadline ? workingDaysLate(s.calendar, deadline, now) : 0;
  const lateText = late > 0 ? `已超期 ${late} 个工作日` : deadline && now >= deadline ? '已到期' : '尚未超期';
  const subject =
    step === 'notice'
      ? `【${noticeLabel(order)}】${order.orderId}（${court.shortName}）请于 ${deadline ? formatShanghai(deadline) : ''} 前${order.stage === 'review' ? '审核' : '答复'}`
      : `【${STEP_LABEL[step]}】工单 ${order.orderId}（${court.shortName}）${STAGE_LABEL[order.stage]}${lateText}`;
  const text = mailText(s, order, court.name, [
    `当前环节：${STAGE_LABEL[order.stage]}`,
    `办理期限：${deadline ? `${formatShanghai(deadline)}（北京时间）` : '—'}`,
    `超期情况：${lateText}`,
    order.reopenCount > 0 ? `重办次数：${order.reopenCount}` : '',
    order.supervisingCourtCode && order.reopenCount > 0
      ? `督办法院：${s.courts.get(order.supervisingCourtCode).name}`
      : '',
  ]);
  return {
    to,
    subject,
    text,
    tags: {
      orderId: order.orderId,
      courtCode: order.courtCode,
      escalationLevel: STEP_LEVEL[step],
      step,
      stage: order.stage,
      stageSeq: order.stageSeq,
    },
  };
}

/** An email the center sends at once (催办, an extension's decision): no ladder step, a line of text. */
/** The emails a person's action sends at once (the clock's ladder sends the others). */
export type AnnouncementKind = 'urged' | 'extension_requested' | 'extension_approved' | 'extension_rejected';

export function announcementMail(
  s: Services,
  order: Order,
  kind: AnnouncementKind,
  to: string[],
  note: string,
): Mail {
  const court = s.courts.get(order.courtCode);
  const subject =
    kind === 'urged'
      ? `【催办】工单 ${order.orderId}（${court.shortName}）请于 ${formatShanghai(order.deadline)} 前答复`
      : kind === 'extension_requested'
        ? `【延期待审批】工单 ${order.orderId}（${court.shortName}）申请延期 ${order.extension?.workingDays ?? ''} 个工作日`
        : kind === 'extension_approved'
          ? `【延期已批准】工单 ${order.orderId}（${court.shortName}）新的办理期限 ${formatShanghai(order.deadline)}`
          : `【延期未批准】工单 ${order.orderId}（${court.shortName}）办理期限仍为 ${formatShanghai(order.deadline)}`;
  const text = mailText(s, order, court.name, [
    `办理期限：${formatShanghai(order.deadline)}（北京时间）`,
    // Staff wrote it: quoted, so it never reads as one of our lines or links.
    ...quotedLines(
      kind === 'urged' ? '催办意见' : kind === 'extension_requested' ? '延期理由' : '审批意见',
      note,
    ),
  ]);
  return {
    to,
    subject,
    text,
    tags: { orderId: order.orderId, courtCode: order.courtCode, escalationLevel: 0, step: kind },
  };
}

/**
 * Every email's body: the order's identity, the lines particular to the email, the desk link and
 * the signature; empty lines stand for absent facts and never leave two blank lines in a row.
 */
function mailText(s: Services, order: Order, courtName: string, particular: string[]): string {
  return [
    `工单编号：${order.orderId}`,
    `诉求类别：${CATEGORY_LABELS[order.category]}`,
    `承办法院：${courtName}`,
    ...particular,
    '',
    `请登录工作台处理：${s.deskUrl}/orders/${order.orderId}`,
    '',
    '—— 赣法民意中心（12368）',
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');
}

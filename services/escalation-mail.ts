import type { Mail } from '../adapters/notify';
import { CATEGORY_LABELS } from '../domain/categories';
import { type ClockStep, STEP_LABEL, STEP_LEVEL, workingDaysLate } from '../domain/ladder';
import type { Order } from '../domain/order';
import { formatShanghai } from '../domain/working-days';
import type { Services } from './context';

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
      ? `【新工单】${order.orderId}（${court.shortName}）请于 ${deadline ? formatShanghai(deadline) : ''} 前答复`
      : `【${STEP_LABEL[step]}】工单 ${order.orderId}（${court.shortName}）${STAGE_LABEL[order.stage]}${lateText}`;
  const lines = [
    `工单编号：${order.orderId}`,
    `诉求类别：${CATEGORY_LABELS[order.category]}`,
    `承办法院：${court.name}`,
    `当前环节：${STAGE_LABEL[order.stage]}`,
    `办理期限：${deadline ? `${formatShanghai(deadline)}（北京时间）` : '—'}`,
    `超期情况：${lateText}`,
    order.reopenCount > 0 ? `重办次数：${order.reopenCount}` : '',
    '',
    `请登录工作台处理：${s.deskUrl}/orders/${order.orderId}`,
    '',
    '—— 赣法民意中心（12368）',
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '');
  return {
    to,
    subject,
    text: lines.join('\n'),
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

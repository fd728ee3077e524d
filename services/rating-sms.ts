import type { Order } from '../domain/order';
import type { Services } from './context';

/**
 * After the third failed callback the citizen gets an SMS with a link to rate the reply. The
 * link carries the order's tracking number; the rating itself goes through `POST /v1/evaluations`.
 */
export async function sendRatingSms(s: Services, order: Order): Promise<void> {
  const request = await s.requests.get(order.requestId);
  if (!request) return;
  await s.sms.send({
    to: request.contact.phone,
    text: `【12368】您反映的诉求（编号${order.trackingNo}）法院已答复，我们多次致电未能联系到您。请点击链接评价办理情况：${s.ratingUrl}?trackingNo=${order.trackingNo}`,
    tags: { orderId: order.orderId, courtCode: order.courtCode, step: 'rating_sms' },
  });
}

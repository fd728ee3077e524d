import type { Order } from '../domain/order';
import type { Services } from './context';
import { mintOrderToken } from './evaluations';

/**
 * After the third failed callback the citizen gets an SMS with a one-time link to rate the reply;
 * that rating closes or reopens the order exactly as one taken on the phone would.
 */
export async function sendRatingSms(s: Services, order: Order): Promise<void> {
  const request = await s.requests.get(order.requestId);
  if (!request) return;
  const { url } = await mintOrderToken(s, order);
  await s.sms.send({
    to: request.contact.phone,
    text: `【12368】您反映的诉求（编号${order.trackingNo}）法院已答复，我们多次致电未能联系到您。请点击链接评价办理情况：${url}`,
    tags: { orderId: order.orderId, courtCode: order.courtCode, step: 'rating_sms' },
  });
}

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OrdersRepo } from '../adapters/dynamo/orders-repo';
import type { Sms, SmsSender } from '../adapters/notify';
import type { CourtDirectory } from '../domain/courts';
import type { Order } from '../domain/order';
import type { Services } from './context';
import { noticeFor, noticeSms, notifyCitizen } from './wechat';

/** A notice that could not be sent: reported (order id and reason only), never failing the change it follows. */
export type NoticeFailure = (orderId: string, error: unknown) => void;

/**
 * The orders repository, telling a WeChat citizen when their order is signed for, answered and
 * closed. Every change of an order goes through `update` (API actions, ratings by SMS link, the
 * order clock closing it unreachable), so the notice follows the write that made the change, once.
 * Chosen at the composition point; the order rules themselves know nothing of it.
 */
export class OrdersWithCitizenNotices extends OrdersRepo {
  constructor(
    db: DynamoDBDocumentClient,
    table: string,
    courts: CourtDirectory,
    private readonly services: () => Services,
    private readonly sms: SmsSender,
    private readonly onFailure: NoticeFailure,
  ) {
    super(db, table, courts);
  }

  override async update(orderId: string, change: (order: Order) => Order | Promise<Order>): Promise<Order> {
    let before: Order | null = null;
    const next = await super.update(orderId, (order) => {
      before = order;
      return change(order);
    });
    const kind = before && next !== before ? noticeFor(before, next) : null;
    if (kind) {
      try {
        await notifyCitizen(this.services(), next, kind, {
          text: noticeSms(next, kind),
          send: (text, phone) =>
            this.sms.send({
              to: phone,
              text,
              tags: { orderId, courtCode: next.courtCode, step: `citizen_${kind}` },
            }),
        });
      } catch (error) {
        this.onFailure(orderId, error);
      }
    }
    return next;
  }
}

/**
 * The SMS port, sending the rating link after failed callbacks by WeChat instead where the citizen
 * filed on WeChat and granted that template; every other SMS, and every refusal, goes by SMS.
 */
export class SmsWithWeChatFirst implements SmsSender {
  constructor(
    private readonly sms: SmsSender,
    private readonly services: () => Services,
    private readonly onFailure: NoticeFailure,
  ) {}

  async send(message: Sms): Promise<void> {
    const orderId = message.tags.orderId;
    if (message.tags.step !== 'rating_sms' || !orderId) return this.sms.send(message);
    try {
      const s = this.services();
      const order = await s.orders.get(orderId);
      const link = /https?:\/\/\S+/.exec(message.text)?.[0];
      const sent = order
        ? await notifyCitizen(
            s,
            order,
            'rating',
            { text: message.text, send: () => this.sms.send(message) },
            link,
          )
        : 'none';
      if (sent === 'none') await this.sms.send(message);
    } catch (error) {
      this.onFailure(orderId, error);
      await this.sms.send(message);
    }
  }
}

import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from './clock';
import { fromItem } from './dynamo/item-codec';
import { OUTBOX_PARTITION, outboxKey } from './dynamo/keys';
import type { Mail, Mailer, MessageTags, Sms, SmsSender } from './notify';

export interface OutboxItem {
  kind: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  sentAt: string;
  tags: MessageTags;
}

/**
 * The local stand-in for SES/SMTP and SNS: every message that would have gone out, kept in the
 * table so that it survives a restart and `GET /_local/outbox` can show it. It records each send
 * as made, never merging two: a duplicate send shows as two items.
 */
export class Outbox implements Mailer, SmsSender {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
  ) {}

  /** SMS sends still to fail, as an SMS provider's outage would (`failNextSms`). */
  private smsFailures = 0;

  /**
   * Local only: the next `count` SMS sends fail, as they would when the provider is down, so that
   * what a failed send leaves (and what sends it again) is tested against the stack itself.
   */
  failNextSms(count = 1): void {
    this.smsFailures = count;
  }

  async send(message: Mail | Sms): Promise<void> {
    if (!('subject' in message) && this.smsFailures > 0) {
      this.smsFailures--;
      throw new Error('the SMS provider is unavailable (the local outbox was told to fail)');
    }
    const sentAt = this.clock.now().toISOString();
    const recipients = typeof message.to === 'string' ? [message.to] : message.to;
    for (const to of recipients) {
      const item: OutboxItem =
        'subject' in message
          ? { kind: 'email', to, subject: message.subject, text: message.text, sentAt, tags: message.tags }
          : { kind: 'sms', to, subject: '', text: message.text, sentAt, tags: message.tags };
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...outboxKey(sentAt, sequence()), ...item },
        }),
      );
    }
  }

  /**
   * Every message sent, newest first; with `since`, only those sent at or after it (a caller that
   * wants the message its last call sent reads a few items, not the whole outbox).
   */
  async list({ since }: { since?: Date } = {}): Promise<OutboxItem[]> {
    const items: OutboxItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: since ? 'pk = :k AND sk >= :s' : 'pk = :k',
          ExpressionAttributeValues: {
            ':k': OUTBOX_PARTITION,
            ...(since ? { ':s': since.toISOString() } : {}),
          },
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) items.push(fromItem<OutboxItem>(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

let counter = 0;
/** Orders messages sent in the same millisecond by when they were sent, across restarts too. */
function sequence(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString().padStart(15, '0')}${counter.toString().padStart(6, '0')}`;
}

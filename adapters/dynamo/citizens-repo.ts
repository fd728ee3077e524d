import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NOTICE_KINDS, type NoticeKind } from '../citizen-secrets';
import { writeIf } from './item-codec';
import { citizenKey } from './keys';

export interface CitizenProfile {
  subject: string;
  /** WeChat's id of the user in this mini program: only to address subscription messages. */
  openid: string;
  grants: Record<NoticeKind, number>;
}

const grantAttribute = (kind: NoticeKind) => `grant_${kind}`;

/**
 * WeChat citizens: the openid a subject stands for, and how many one-time subscription grants of
 * each template they gave (WeChat allows one message per grant).
 */
export class CitizensRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async remember(subject: string, openid: string, now: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        UpdateExpression: 'SET openid = :o, subject = :s, firstSeenAt = if_not_exists(firstSeenAt, :now)',
        ExpressionAttributeValues: { ':o': openid, ':s': subject, ':now': now.toISOString() },
      }),
    );
  }

  async get(subject: string): Promise<CitizenProfile | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: citizenKey(subject), ConsistentRead: true }),
    );
    if (!out.Item) return null;
    const grants = {} as Record<NoticeKind, number>;
    for (const kind of NOTICE_KINDS) grants[kind] = Number(out.Item[grantAttribute(kind)] ?? 0);
    return { subject, openid: String(out.Item.openid), grants };
  }

  /** One more grant of each kind given (the mini program reports what wx.requestSubscribeMessage accepted). */
  async addGrants(subject: string, kinds: NoticeKind[]): Promise<void> {
    if (!kinds.length) return;
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const adds = kinds.map((kind, i) => {
      names[`#g${i}`] = grantAttribute(kind);
      values[`:n${i}`] = 1;
      return `#g${i} :n${i}`;
    });
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        UpdateExpression: `ADD ${adds.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** Takes one grant of `kind`: false when none is left (then the SMS path is used). */
  async takeGrant(subject: string, kind: NoticeKind): Promise<boolean> {
    return writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        UpdateExpression: 'SET #g = #g - :one',
        ConditionExpression: '#g >= :one',
        ExpressionAttributeNames: { '#g': grantAttribute(kind) },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  }
}

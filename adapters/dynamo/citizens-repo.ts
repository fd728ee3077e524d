import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NOTICE_KINDS, type NoticeKind } from '../citizen-secrets';
import { writeIf } from './item-codec';
import { citizenKey, GSI, indexQueryBefore, RETENTION_LISTS } from './keys';
import { queryAll } from './paging';

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

  /**
   * Records a sign-in. The last one lists the record for the retention job (`CITSEEN`): the
   * openid is personal data, erased once the citizen's requests are gone and they stayed away.
   */
  async remember(subject: string, openid: string, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        UpdateExpression:
          'SET openid = :o, subject = :s, firstSeenAt = if_not_exists(firstSeenAt, :now), lastSeenAt = :now, #lpk = :lpk, #lsk = :lsk',
        ExpressionAttributeNames: { '#lpk': `${GSI.lifecycle}pk`, '#lsk': `${GSI.lifecycle}sk` },
        ExpressionAttributeValues: {
          ':o': openid,
          ':s': subject,
          ':now': at,
          ':lpk': RETENTION_LISTS.citizenSeen,
          ':lsk': `${at}#${subject}`,
        },
      }),
    );
  }

  /** Citizens whose last sign-in was before `cutoff`, oldest first: `{subject, lastSeenAt}`. */
  async *listLastSeenBefore(cutoff: string): AsyncGenerator<{ subject: string; lastSeenAt: string }> {
    const query = {
      TableName: this.table,
      ...indexQueryBefore(GSI.lifecycle, RETENTION_LISTS.citizenSeen, cutoff),
    };
    for await (const item of queryAll(this.db, query))
      yield { subject: String(item.subject), lastSeenAt: String(item.lastSeenAt) };
  }

  /** When the citizen last signed in, or null when there is no record (never, or erased). */
  async lastSeenAt(subject: string): Promise<string | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: citizenKey(subject), ConsistentRead: true }),
    );
    return out.Item ? String(out.Item.lastSeenAt ?? out.Item.firstSeenAt ?? '') : null;
  }

  /**
   * Takes the record off the retention job's list (`listed: false`: the citizen still has requests,
   * whose erasure will judge it again) or puts it back on (their last request is gone), unless the
   * citizen signed in again since `lastSeenAt`.
   */
  async setListed(subject: string, lastSeenAt: string, listed: boolean): Promise<void> {
    const names = { '#lpk': `${GSI.lifecycle}pk`, '#lsk': `${GSI.lifecycle}sk` };
    await writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        UpdateExpression: listed ? 'SET #lpk = :lpk, #lsk = :lsk' : 'REMOVE #lpk, #lsk',
        ConditionExpression: 'lastSeenAt = :seen',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: listed
          ? { ':seen': lastSeenAt, ':lpk': RETENTION_LISTS.citizenSeen, ':lsk': `${lastSeenAt}#${subject}` }
          : { ':seen': lastSeenAt },
      }),
    );
  }

  /** Deletes the record (openid, grants) unless the citizen signed in again since `lastSeenAt`. */
  async forget(subject: string, lastSeenAt: string): Promise<boolean> {
    return writeIf(
      this.db,
      new DeleteCommand({
        TableName: this.table,
        Key: citizenKey(subject),
        ConditionExpression: 'attribute_not_exists(lastSeenAt) OR lastSeenAt = :seen',
        ExpressionAttributeValues: { ':seen': lastSeenAt },
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

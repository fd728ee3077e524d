import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RatingToken } from '../../domain/rating-token';
import { shanghaiDate } from '../../domain/working-days';
import { fromItem, writeIf } from './item-codec';
import {
  evaluationDayKey,
  GSI,
  indexEntry,
  indexQuery,
  indexQueryBefore,
  RETENTION_LISTS,
  tokenKey,
} from './keys';
import { queryAll } from './paging';

export class TokensRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(tokenId: string): Promise<RatingToken | null> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: tokenKey(tokenId), ConsistentRead: true }),
    );
    return out.Item ? fromItem<RatingToken>(out.Item) : null;
  }

  /** Creates or replaces an unused token (a resent SMS gets a fresh secret); false once used. */
  async putUnused(token: RatingToken): Promise<boolean> {
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...tokenKey(token.tokenId), ...token },
        ConditionExpression: 'attribute_not_exists(pk) OR attribute_type(usedAt, :null)',
        ExpressionAttributeValues: { ':null': 'NULL' },
      }),
    );
  }

  /**
   * Marks the token used with its rating, unless someone used it first. Ratings of requests and
   * windows are listed by the Shanghai day for the rollups; an order's is counted from the
   * order's own history, so it is not listed twice.
   */
  async use(
    token: RatingToken,
    used: Pick<RatingToken, 'usedAt' | 'rating' | 'comment' | 'enteredBy'>,
  ): Promise<boolean> {
    const next = { ...token, ...used, version: token.version + 1 };
    const listed =
      token.channel === 'callback'
        ? {}
        : indexEntry(
            GSI.period,
            evaluationDayKey(shanghaiDate(new Date(used.usedAt!))),
            `${used.usedAt}#${token.tokenId}`,
          );
    // A comment is personal data: the retention job finds it here until it erases it.
    const commented = used.comment
      ? indexEntry(GSI.lifecycle, RETENTION_LISTS.commented, `${used.usedAt}#${token.tokenId}`)
      : {};
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...tokenKey(token.tokenId), ...next, ...listed, ...commented },
        ConditionExpression: 'version = :v AND attribute_type(usedAt, :null)',
        ExpressionAttributeValues: { ':v': token.version, ':null': 'NULL' },
      }),
    );
  }

  /** Used tokens whose comment was given before `cutoff` and is not erased yet, oldest first. */
  async *listCommentedBefore(cutoff: string): AsyncGenerator<RatingToken> {
    const query = {
      TableName: this.table,
      ...indexQueryBefore(GSI.lifecycle, RETENTION_LISTS.commented, cutoff),
    };
    for await (const item of queryAll(this.db, query)) yield fromItem<RatingToken>(item);
  }

  /**
   * Empties a token's comment (the rating stays: the figures count it) and takes it off the
   * retention list; false when there was no comment to erase. The item and its day index entry
   * (which projects every attribute) both lose it.
   */
  async eraseComment(tokenId: string): Promise<boolean> {
    return writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: tokenKey(tokenId),
        UpdateExpression: 'SET #c = :empty, version = version + :one REMOVE #lpk, #lsk',
        ConditionExpression: 'attribute_type(#c, :s) AND #c <> :empty',
        ExpressionAttributeNames: {
          '#c': 'comment',
          '#lpk': `${GSI.lifecycle}pk`,
          '#lsk': `${GSI.lifecycle}sk`,
        },
        ExpressionAttributeValues: { ':empty': '', ':one': 1, ':s': 'S' },
      }),
    );
  }

  /** Ratings given on a Shanghai day (windows, hotline SMS, online), for the rollups. */
  async *listRatedOn(day: string): AsyncGenerator<RatingToken> {
    const query = {
      TableName: this.table,
      ...indexQuery(GSI.period, evaluationDayKey(day)),
    };
    for await (const item of queryAll(this.db, query)) yield fromItem<RatingToken>(item);
  }
}

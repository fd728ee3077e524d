import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RatingToken } from '../../domain/rating-token';
import { shanghaiDate } from '../../domain/working-days';
import { fromItem, writeIf } from './item-codec';
import { evaluationDayKey, GSI, indexEntry, indexQuery, tokenKey } from './keys';
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
    return writeIf(
      this.db,
      new PutCommand({
        TableName: this.table,
        Item: { ...tokenKey(token.tokenId), ...next, ...listed },
        ConditionExpression: 'version = :v AND attribute_type(usedAt, :null)',
        ExpressionAttributeValues: { ':v': token.version, ':null': 'NULL' },
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

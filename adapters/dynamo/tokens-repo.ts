import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RatingToken } from '../../domain/rating-token';
import { shanghaiDate } from '../../domain/working-days';
import { isConditionFailure } from './client';
import { evaluationDayKey, GSI, tokenKey } from './keys';
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
    return out.Item ? strip(out.Item) : null;
  }

  /** Creates or replaces an unused token (a resent SMS gets a fresh secret); false once used. */
  async putUnused(token: RatingToken): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...tokenKey(token.tokenId), ...token },
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_type(usedAt, :null)',
          ExpressionAttributeValues: { ':null': 'NULL' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
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
        : {
            gsi4pk: evaluationDayKey(shanghaiDate(new Date(used.usedAt!))),
            gsi4sk: `${used.usedAt}#${token.tokenId}`,
          };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...tokenKey(token.tokenId), ...next, ...listed },
          ConditionExpression: 'version = :v AND attribute_type(usedAt, :null)',
          ExpressionAttributeValues: { ':v': token.version, ':null': 'NULL' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Ratings given on a Shanghai day (windows, hotline SMS, online), for the rollups. */
  async *listRatedOn(day: string): AsyncGenerator<RatingToken> {
    const query = {
      TableName: this.table,
      IndexName: GSI.period,
      KeyConditionExpression: 'gsi4pk = :k',
      ExpressionAttributeValues: { ':k': evaluationDayKey(day) },
    };
    for await (const item of queryAll(this.db, query)) yield strip(item);
  }
}

function strip(item: Record<string, unknown>): RatingToken {
  const { pk: _a, sk: _b, gsi4pk: _c, gsi4sk: _d, ...rest } = item;
  return rest as unknown as RatingToken;
}

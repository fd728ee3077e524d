import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './item-codec';
import { attemptsKey } from './keys';

/**
 * Counts guesses at a secret per subject and hour, in DynamoDB so the limit holds across every
 * Lambda instance at once. A guess reserves its place before it is judged (one atomic ADD with
 * a condition), so a burst of parallel guesses cannot all slip in under the limit.
 */
export class AttemptsRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Takes one of the hour's `limit` places; false when they are all taken. */
  async reserve(subject: string, hour: string, limit: number, expiresAtEpochS: number): Promise<boolean> {
    return writeIf(
      this.db,
      new UpdateCommand({
        TableName: this.table,
        Key: attemptsKey(subject, hour),
        UpdateExpression: 'ADD attempts :one SET expiration = :exp',
        ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': expiresAtEpochS },
      }),
    );
  }

  /** Gives a place back: the guess was right, so it was no failure. */
  async release(subject: string, hour: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: attemptsKey(subject, hour),
        UpdateExpression: 'ADD attempts :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      }),
    );
  }
}

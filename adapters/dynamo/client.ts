import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One DynamoDB client per process. `DYNAMODB_ENDPOINT` points it at dynalite locally; on Lambda
 * it is unset and the SDK finds the regional endpoint (aws-cn included) by itself.
 */
export function makeDynamoClients(endpoint?: string): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          // Any region does for dynalite; the local stack sets one.
          region: process.env.AWS_REGION,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { raw, doc };
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

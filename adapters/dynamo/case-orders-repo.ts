import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { caseOrderKey, caseOrdersPartition } from './keys';

/**
 * The orders made for each case number (issue 20: a second order for a case while one is open
 * needs the agent's reason). One small item per order under the case's partition, written before
 * the order itself (an idempotent put), so a case's orders are one Query on the base table; the
 * orders' state is read from the orders. A case number is no personal data: the figures keep it.
 */
export class CaseOrdersRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(caseKey: string, orderId: string, firewalled: boolean): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...caseOrderKey(caseKey, orderId), orderId, firewalled },
      }),
    );
  }

  /** The ids of the orders made for a case, with whether each is firewalled (at most 100: a case's orders are few). */
  async list(caseKey: string): Promise<Array<{ orderId: string; firewalled: boolean }>> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': caseOrdersPartition(caseKey) },
        Limit: 100,
      }),
    );
    return (out.Items ?? []).map((i) => ({ orderId: String(i.orderId), firewalled: i.firewalled === true }));
  }
}

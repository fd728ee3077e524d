import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeploymentYear } from '../../domain/working-days';
import { fromItem } from './item-codec';
import { calendarYearKey } from './keys';

/** A year of holidays and adjusted working days as loaded at run time, and by whom. */
export interface StoredCalendarYear extends DeploymentYear {
  year: number;
  loadedAt: string;
  loadedBy: string;
}

/** The years loaded at run time, read by every function so that none needs a redeploy to know them. */
export class CalendarRepo {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(year: StoredCalendarYear): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.table, Item: { ...calendarYearKey(year.year), ...year } }),
    );
  }

  async list(): Promise<StoredCalendarYear[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': calendarYearKey(0).pk },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => fromItem<StoredCalendarYear>(item));
  }
}

import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { IDEMPOTENCY_TABLE, MAIN_TABLE } from '../../adapters/dynamo/table-definition';
import { acknowledge, arnWildcard } from '../nag-acknowledgements';

/**
 * The tables, built from the same key schema the local stack uses. Point-in-time recovery,
 * deletion protection and retention on removal: a court's records outlive any stack.
 */
export class Data extends Construct {
  readonly table: Table;
  readonly idempotencyTable: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Main', {
      partitionKey: { name: MAIN_TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: MAIN_TABLE.sortKey, type: AttributeType.STRING },
      // Short-lived items (access-code attempt counters) carry `expiration`; the rest never do.
      timeToLiveAttribute: MAIN_TABLE.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of MAIN_TABLE.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.idempotencyTable = new Table(this, 'Idempotency', {
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: AttributeType.STRING },
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** Lets `grantee` read the main table and query its indexes. */
  grantRead(grantee: IGrantable & IConstruct): void {
    this.table.grantReadData(grantee);
    this.acknowledgeIndexes(grantee);
  }

  /** Lets `grantee` read and write the main table and query its indexes. */
  grantReadWrite(grantee: IGrantable & IConstruct): void {
    this.table.grantReadWriteData(grantee);
    this.acknowledgeIndexes(grantee);
  }

  /** A grant on the table covers `<table ARN>/index/*`: every index, by design. */
  private acknowledgeIndexes(grantee: IConstruct): void {
    acknowledge(grantee, [
      [
        arnWildcard(this.table, '/index/*'),
        "Queries on the main table's GSIs (court, region, province, period, open orders) are the designed access patterns.",
      ],
    ]);
  }
}

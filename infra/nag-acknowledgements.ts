import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag findings this system accepts across the stack, each with its reason. Findings that
 * belong to one resource are acknowledged where that resource is made (public routes in
 * constructs/api.ts, the dead-letter queue in constructs/schedules.ts). Anything else fails the
 * synth, and with it `npm test`.
 */
export function acknowledgeFindings(stack: Stack): void {
  const data = stack.node.findChild('Data').node.findChild('Main').node.defaultChild as
    | { logicalId?: string }
    | undefined;
  const tick = stack.node.findChild('Workflow').node.findChild('Tick').node.defaultChild;
  const ids = {
    table: stack.getLogicalId(data as never),
    tick: stack.getLogicalId(tick as never),
  };
  acknowledge(stack, [
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The managed basic execution role only lets a function write its own log streams; it is the documented minimum.',
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions; SMS to a phone number (sns:Publish, global regions) has no resource ARN.',
    ],
    [
      `AwsSolutions-IAM5[Resource::<${ids.table}.Arn>/index/*]`,
      "Queries on the main table's GSIs (court, region, province, period, open orders) are the designed access patterns.",
    ],
    [
      `AwsSolutions-IAM5[Resource::<${ids.tick}.Arn>:*]`,
      'The state machine invokes the Tick function, any of its versions.',
    ],
  ]);
}

export function acknowledge(scope: IConstruct, findings: Array<[id: string, reason: string]>): void {
  for (const [id, reason] of findings)
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
}

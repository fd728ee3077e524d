import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';

export interface ObservabilityProps {
  config: StageConfig;
  functions: IFunction[];
  api: HttpApi;
  stateMachine: StateMachine;
  deadLetters: Queue;
}

/**
 * Alarms for the engineers on call: function errors and throttles, 5xx from the API, failed
 * order-clock executions (an order whose clock stopped), dead letters, and a spike in orders
 * reaching level 1 (a court or the center falling behind).
 */
export class Observability extends Construct {
  readonly alarmTopic: Topic;
  readonly alarmKey: Key;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS-managed alias/aws/sns key (its
    // policy cannot be changed to admit the service): the SNS guide's answer is a customer-managed
    // key whose policy lets the event source use it, narrowed here to this account's alarms.
    this.alarmKey = new Key(this, 'AlarmsKey', {
      description: 'minyi alarm topic: lets CloudWatch alarms publish',
      enableKeyRotation: true,
    });
    const stack = Stack.of(this);
    this.alarmKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'minyi alarms',
      enforceSSL: true,
      masterKey: this.alarmKey,
    });
    for (const email of props.config.alarmEmails)
      this.alarmTopic.addSubscription(new EmailSubscription(email));
    const action = new SnsAction(this.alarmTopic);
    const alarm = (id: string, metric: Metric, threshold: number, description: string) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(action);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };

    props.functions.forEach((fn, i) => {
      alarm(`FunctionErrors${i}`, fn.metricErrors(fiveMinutes), 1, `errors in ${fn.node.path}`);
      alarm(`FunctionThrottles${i}`, fn.metricThrottles(fiveMinutes), 1, `throttles in ${fn.node.path}`);
    });
    alarm(
      'Api5xx',
      props.api.metricServerError(fiveMinutes),
      1,
      'the API answered 5xx: a bug, never a client error',
    );
    alarm(
      'OrderClockFailed',
      props.stateMachine.metricFailed(fiveMinutes),
      1,
      "an order's clock failed: its deadlines are not enforced",
    );
    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      1,
      'a scheduled job failed',
    );
    alarm(
      'LateOrderSpike',
      new Metric({
        namespace: 'Minyi',
        metricName: 'Level1Escalations',
        dimensionsMap: { service: 'minyi' },
        ...fiveMinutes,
        period: Duration.hours(1),
      }),
      50,
      'fifty orders or more reached level 1 within an hour',
    );
  }
}

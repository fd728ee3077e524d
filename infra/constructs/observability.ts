import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Alias } from 'aws-cdk-lib/aws-kms';
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

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'minyi alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
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

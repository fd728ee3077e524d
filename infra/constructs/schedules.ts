import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { acknowledge } from '../nag-acknowledgements';
import type { Data } from './data';
import { MinyiFunction } from './minyi-function';

export interface SchedulesProps {
  config: StageConfig;
  data: Data;
  environment: Record<string, string>;
}

/**
 * Scheduled jobs, on EventBridge rules (available in every region, China included). Cron is
 * written in UTC: Asia/Shanghai is UTC+8 all year (no daylight saving), so each rule's comment
 * gives its Shanghai time. A failed invocation is retried, then kept in a dead-letter queue.
 */
export class Schedules extends Construct {
  readonly resumeOpenOrders: MinyiFunction;
  readonly nightlyRollup: MinyiFunction;
  readonly erasePersonalData: MinyiFunction;
  readonly deadLetters: Queue;
  readonly functions: MinyiFunction[] = [];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: SchedulesProps,
  ) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetters, [
      ['AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the scheduled jobs.'],
    ]);
    // Every 15 minutes: restart the clock of any open order whose workflow start was lost.
    this.resumeOpenOrders = this.job(
      'ResumeOpenOrders',
      'functions/scheduled/resume-open-orders.ts',
      Schedule.rate(Duration.minutes(15)),
    );
    // Read and write: the sweep finishes a half-written order (its request's second write, lost to
    // a crash) and files an old open order in the touched-day index. Read-only, it failed with
    // AccessDenied on exactly the orders it exists to heal (found by the local IAM check).
    props.data.grantReadWrite(this.resumeOpenOrders);
    // 00:30 Shanghai (16:30 UTC the day before): roll up the two previous days and the month; on a
    // month's first working day, send the month before's 通报 (issue 20: the month is rolled up then).
    this.nightlyRollup = this.job(
      'NightlyRollup',
      'functions/scheduled/rollup.ts',
      Schedule.cron({ minute: '30', hour: '16' }),
      Duration.minutes(15),
    );
    props.data.grantReadWrite(this.nightlyRollup);
    // 03:00 Shanghai (19:00 UTC the day before): erase personal data past its retention (PIPL).
    this.erasePersonalData = this.job(
      'ErasePersonalData',
      'functions/scheduled/erase-personal-data.ts',
      Schedule.cron({ minute: '0', hour: '19' }),
      Duration.minutes(15),
    );
    props.data.grantReadWrite(this.erasePersonalData);
  }

  /** A scheduled function with retries and the dead-letter queue. */
  job(id: string, entry: string, schedule: Schedule, timeout = Duration.minutes(5)): MinyiFunction {
    const fn = new MinyiFunction(this, id, {
      memorySize: 1024,
      entry,
      handler: 'handler',
      timeout,
      environment: this.props.environment,
      config: this.props.config,
    });
    new Rule(this, `${id}Rule`, {
      schedule,
      targets: [
        new LambdaFunction(fn, {
          deadLetterQueue: this.deadLetters,
          retryAttempts: 2,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    this.functions.push(fn);
    return fn;
  }
}

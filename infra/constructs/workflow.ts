import { Duration, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ORDER_CLOCK_FILE, type OrderClockSubstitutions, readDefinition } from '../../workflows/definition';
import type { StageConfig } from '../config';
import { ANY_RESOURCE, acknowledge, arnWildcard, type Finding } from '../nag-acknowledgements';
import type { Data } from './data';
import { MinyiFunction } from './minyi-function';

export interface WorkflowProps {
  config: StageConfig;
  data: Data;
  environment: Record<string, string>;
}

/**
 * The order clock: workflows/order-clock.asl.json, the file the local stack runs, with its
 * substitutions (the synth fails when they and the file's placeholders differ); its Tick task;
 * full logging and tracing.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly tick: MinyiFunction;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    this.tick = new MinyiFunction(this, 'Tick', {
      entry: 'functions/workflow/tick.ts',
      handler: 'handler',
      description: "One tick of an order's clock: send what fell due, say when to look again",
      timeout: Duration.seconds(30),
      environment: props.environment,
      config: props.config,
    });
    props.data.grantReadWrite(this.tick);

    const substitutions: OrderClockSubstitutions = {
      Partition: Stack.of(this).partition,
      TickFunctionArn: this.tick.functionArn,
    };
    readDefinition(ORDER_CLOCK_FILE, Object.keys(substitutions));
    this.stateMachine = new StateMachine(this, 'OrderClock', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(ORDER_CLOCK_FILE),
      definitionSubstitutions: substitutions,
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', { retention: props.config.logRetention }),
        level: LogLevel.ALL,
        includeExecutionData: true,
      },
      tracingEnabled: props.config.tracing,
    });
    this.tick.grantInvoke(this.stateMachine);
    const findings: Finding[] = [
      [arnWildcard(this.tick, ':*'), 'The state machine invokes the Tick function, any of its versions.'],
      [
        ANY_RESOURCE,
        props.config.tracing
          ? 'Execution logging (logs:*LogDelivery*, logs:*ResourcePolicy*, logs:DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) have no resource-level permissions.'
          : 'Execution logging (logs:*LogDelivery*, logs:*ResourcePolicy*, logs:DescribeLogGroups) has no resource-level permissions.',
      ],
    ];
    if (!props.config.tracing)
      findings.push([
        'AwsSolutions-SF2',
        'Tracing is off for this stage (the China regions: Lambda has no X-Ray there, so a trace would stop at every Tick); execution logging ALL stays on.',
      ]);
    acknowledge(this.stateMachine, findings);
  }

  /** Lets `grantee` start executions (and nothing else on the state machine). */
  grantStart(grantee: IGrantable): void {
    this.stateMachine.grantStartExecution(grantee);
  }
}

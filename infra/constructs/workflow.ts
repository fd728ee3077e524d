import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StageConfig } from '../config';
import { acknowledge } from '../nag-acknowledgements';
import { MinyiFunction } from './minyi-function';

export interface WorkflowProps {
  config: StageConfig;
  table: Table;
  environment: Record<string, string>;
}

/**
 * The order clock: workflows/order-clock.asl.json, the file the local stack runs, with its
 * substitutions; its Tick task; full logging and tracing.
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
      configDir: props.config.configDir,
      logRetention: props.config.logRetention,
      tracing: props.config.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      platform: props.config.lambda,
    });
    props.table.grantReadWriteData(this.tick);

    this.stateMachine = new StateMachine(this, 'OrderClock', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(join(process.cwd(), 'workflows', 'order-clock.asl.json')),
      definitionSubstitutions: {
        Partition: Stack.of(this).partition,
        TickFunctionArn: this.tick.functionArn,
      },
      logs: {
        destination: new LogGroup(this, 'ExecutionLogs', { retention: props.config.logRetention }),
        level: LogLevel.ALL,
        includeExecutionData: true,
      },
      tracingEnabled: props.config.tracing,
    });
    this.tick.grantInvoke(this.stateMachine);
    if (!props.config.tracing)
      acknowledge(this.stateMachine, [
        [
          'AwsSolutions-SF2',
          'Tracing is off for this stage (the China regions: Lambda has no X-Ray there, so a trace would stop at every Tick); execution logging ALL stays on.',
        ],
      ]);
  }

  /** Lets `grantee` start executions (and nothing else on the state machine). */
  grantStart(grantee: IGrantable): void {
    this.stateMachine.grantStartExecution(grantee);
  }
}

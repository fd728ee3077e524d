import { type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
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

  /**
   * Lets `grantee` start executions and stop them (the clock of a stage the order has left,
   * services/change-order.ts), and nothing else on the state machine. Executions are named per
   * order and stage at run time, so the stop is granted on this machine's executions.
   */
  grantStart(grantee: IGrantable & IConstruct): void {
    this.stateMachine.grantStartExecution(grantee);
    this.stateMachine.grantExecution(grantee, 'states:StopExecution');
    acknowledge(grantee, [
      [
        this.executionsWildcard(),
        "StopExecution on this state machine's executions: they are named per order and stage at run time.",
      ],
    ]);
  }

  /** cdk-nag's IAM5 id of `grantExecution`'s resource: every execution of the order clock. */
  private executionsWildcard(): string {
    const stack = Stack.of(this);
    const id = stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement);
    const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${id}"}]}]}`;
    return `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${stack.region}:<AWS::AccountId>:execution:${name}:*]`;
  }
}

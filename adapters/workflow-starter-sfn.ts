import { executionName, type WorkflowInput, type WorkflowStarter } from './workflow-starter';

/** Step Functions: one execution per order stage, named so that a retried start is harmless. */
export class StepFunctionsStarter implements WorkflowStarter {
  /** Imported on the first start (see mail-ses.ts: a static import would load it at every cold start). */
  private sdk: Promise<typeof import('@aws-sdk/client-sfn')> | null = null;
  private client: import('@aws-sdk/client-sfn').SFNClient | null = null;
  constructor(private readonly stateMachineArn: string) {}

  async start(orderId: string, stageSeq: number): Promise<void> {
    const input: WorkflowInput = { orderId, stageSeq };
    this.sdk ??= import('@aws-sdk/client-sfn');
    const { SFNClient, StartExecutionCommand } = await this.sdk;
    this.client ??= new SFNClient({});
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: executionName(orderId, stageSeq),
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // Same name, same input: Step Functions answers with the running execution; once it has
      // ended the name stays taken, which for us means the stage already ran its course.
      if (error instanceof Error && error.name === 'ExecutionAlreadyExists') return;
      throw error;
    }
  }

  async stopStage(orderId: string, stageSeq: number): Promise<void> {
    this.sdk ??= import('@aws-sdk/client-sfn');
    const { SFNClient, StopExecutionCommand } = await this.sdk;
    this.client ??= new SFNClient({});
    try {
      await this.client.send(
        new StopExecutionCommand({
          executionArn: executionArn(this.stateMachineArn, executionName(orderId, stageSeq)),
          cause: 'the order left this stage',
        }),
      );
    } catch (error) {
      // Never started (an order closed before its clock was resumed): nothing to stop.
      if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return;
      throw error;
    }
  }
}

/** arn:<partition>:states:<region>:<account>:stateMachine:<name> -> ...:execution:<name>:<execution>. */
export const executionArn = (stateMachineArn: string, name: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

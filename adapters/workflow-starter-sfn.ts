import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionName, type WorkflowInput, type WorkflowStarter } from './workflow-starter';

/** Step Functions: one execution per order stage, named so that a retried start is harmless. */
export class StepFunctionsStarter implements WorkflowStarter {
  private readonly client = new SFNClient({});
  constructor(private readonly stateMachineArn: string) {}

  async start(orderId: string, stageSeq: number): Promise<void> {
    const input: WorkflowInput = { orderId, stageSeq };
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
}

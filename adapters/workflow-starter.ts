import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

/**
 * Starts the order's workflow for its current stage. The execution name is the order id and the
 * stage number, so a retried start (an API retry, the resume sweep) names the same execution and
 * cannot start a second clock for the same stage.
 */
export interface WorkflowStarter {
  start(orderId: string, stageSeq: number): Promise<void>;
}

export interface WorkflowInput {
  orderId: string;
  stageSeq: number;
}

export const executionName = (orderId: string, stageSeq: number) => `${orderId}-s${stageSeq}`;

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

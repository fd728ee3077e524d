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

/**
 * Starts the order's workflow for its current stage. The execution name is the order id and the
 * stage number, so a retried start (an API retry, the resume sweep) names the same execution and
 * cannot start a second clock for the same stage.
 */
export interface WorkflowStarter {
  start(orderId: string, stageSeq: number): Promise<void>;
  /**
   * Stops the clock of a stage the order has left (services/change-order.ts), so that it does not
   * wake at its next due time only to find that out: most of a Standard workflow's cost is its
   * transitions. Only a saving: a clock not stopped (or a stop that failed) ends at its next wake,
   * as before, since Tick reads the order and an execution for a stage the order has left sends nothing.
   */
  stopStage(orderId: string, stageSeq: number): Promise<void>;
}

export interface WorkflowInput {
  orderId: string;
  stageSeq: number;
}

export const executionName = (orderId: string, stageSeq: number) => `${orderId}-s${stageSeq}`;

import { StateMachine } from 'aws-local-stepfunctions';
import { executionName, type WorkflowInput, type WorkflowStarter } from '../adapters/workflow-starter';
import { LOCAL_SUBSTITUTIONS, ORDER_CLOCK_FILE, orderClockDefinition } from '../workflows/definition';
import type { LocalClock } from './clock';

type TickFn = (input: WorkflowInput) => Promise<{ done: boolean; until: string | null }>;

interface Execution {
  input: WorkflowInput;
  abort: () => void;
  /** The local clock time the execution waits for, or null while it is running a task. */
  parkedUntil: number | null;
  timer: NodeJS.Timeout | null;
}

/** Longest real-time wait the local engine is given; the runner, not the engine, ends each wait. */
const ENGINE_WAIT_MS = 2 ** 31 - 1;
/** Node timers cannot wait longer than this; longer waits are re-armed. */
const MAX_TIMER_MS = 6 * 3600_000;

/**
 * Runs workflows/order-clock.asl.json in-process with aws-local-stepfunctions: the same
 * definition AWS runs, its Tick task answered by the same code the Lambda runs. Wait states run
 * on the local clock: the engine's own wait is made endless, and the runner ends an execution's
 * wait when the local clock reaches the time Tick asked for, by starting it again, exactly as a
 * restart would (the workflow resumes from the database).
 */
export class LocalWorkflowRunner implements WorkflowStarter {
  /** Built once: each construction compiles the definition's JSON schemas (95–160 ms of CPU). */
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, Execution>();
  private stopped = false;
  private stagesStopped = 0;
  private ticks = 0;

  constructor(
    private readonly clock: LocalClock,
    private readonly tickFn: TickFn,
    definitionFile = ORDER_CLOCK_FILE,
  ) {
    // The same substitutions CDK makes; the Tick task is answered in-process, so the ARN is a stand-in.
    const definition = JSON.parse(orderClockDefinition(LOCAL_SUBSTITUTIONS, definitionFile));
    // Validated here, once; every execution runs on this one machine (runs share no state).
    this.machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  }

  async start(orderId: string, stageSeq: number): Promise<void> {
    const name = executionName(orderId, stageSeq);
    if (this.stopped || this.executions.has(name)) return;
    this.launch(name, { orderId, stageSeq });
  }

  /** Ends the stage's execution where it is (its wait, or its Tick run to its end first), as StopExecution does. */
  async stopStage(orderId: string, stageSeq: number): Promise<void> {
    const name = executionName(orderId, stageSeq);
    const execution = this.executions.get(name);
    if (!execution) return;
    if (execution.timer) clearTimeout(execution.timer);
    this.executions.delete(name);
    this.stagesStopped += 1;
    execution.abort();
  }

  /**
   * Tick tasks run. On AWS each costs three state transitions (Tick, the Choice, then the Wait or
   * the Succeed), and that is all an execution costs: bench/order-flow.ts counts them.
   */
  get ticksRun(): number {
    return this.ticks;
  }

  /** Executions stopped because their order left the stage. */
  get stoppedCount(): number {
    return this.stagesStopped;
  }

  /** Resolves once every execution is waiting or finished: nothing that is due is left running. */
  async settle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.executions.values()].some((e) => e.parkedUntil === null)) {
      if (Date.now() > deadline) throw new Error('local workflows did not settle');
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** After the clock moved: wakes every execution whose wait is over, until none is due. */
  async runDue(): Promise<number> {
    let woken = 0;
    for (;;) {
      await this.settle();
      const now = this.clock.now().getTime();
      const due = [...this.executions.entries()].filter(
        ([, e]) => e.parkedUntil !== null && e.parkedUntil <= now,
      );
      if (due.length === 0) return woken;
      for (const [name] of due) this.wake(name);
      woken += due.length;
    }
  }

  /** The earliest local-clock time an execution waits for, or null when none waits. */
  nextDue(): number | null {
    const times = [...this.executions.values()]
      .map((e) => e.parkedUntil)
      .filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  get running(): number {
    return this.executions.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const [name, e] of this.executions) {
      if (e.timer) clearTimeout(e.timer);
      e.abort();
      this.executions.delete(name);
    }
  }

  private launch(name: string, input: WorkflowInput): void {
    const execution: Execution = { input, abort: () => {}, parkedUntil: null, timer: null };
    this.executions.set(name, execution);
    const run = this.machine.run(JSON.parse(JSON.stringify(input)), {
      noThrowOnAbort: true,
      overrides: {
        waitTimeOverrides: { WaitUntilDue: ENGINE_WAIT_MS },
        // A failed Tick is retried as the definition says, without the real-time pause between tries.
        retryIntervalOverrides: { Tick: 10 },
        taskResourceLocalHandlers: {
          Tick: async (payload) => {
            execution.parkedUntil = null;
            this.ticks += 1;
            const result = await this.tickFn((payload as unknown as { Payload: WorkflowInput }).Payload);
            if (!result.done && result.until) this.park(name, execution, Date.parse(result.until));
            return { Payload: result };
          },
        },
      },
    });
    execution.abort = run.abort;
    run.result
      .catch((error: unknown) => {
        // A failed execution is what the failed-executions alarm watches on AWS; here it is logged.
        console.error(`workflow ${name} failed:`, error instanceof Error ? error.message : error);
      })
      .finally(() => {
        if (this.executions.get(name) === execution) {
          if (execution.timer) clearTimeout(execution.timer);
          this.executions.delete(name);
        }
      });
  }

  private park(name: string, execution: Execution, until: number): void {
    execution.parkedUntil = until;
    if (execution.timer) clearTimeout(execution.timer);
    const arm = () => {
      const delay = Math.min(Math.max(0, until - this.clock.now().getTime()), MAX_TIMER_MS);
      execution.timer = setTimeout(() => {
        if (this.executions.get(name) !== execution || execution.parkedUntil !== until) return;
        if (this.clock.now().getTime() >= until) this.wake(name);
        else arm();
      }, delay);
      execution.timer.unref();
    };
    arm();
  }

  /** Ends the execution's wait: abort it and start it again, which resumes from the database. */
  private wake(name: string): void {
    const execution = this.executions.get(name);
    if (!execution) return;
    if (execution.timer) clearTimeout(execution.timer);
    this.executions.delete(name);
    execution.abort();
    this.launch(name, execution.input);
  }
}

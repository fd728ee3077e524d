import { resolve } from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { InProcessDynamo } from '../adapters/dynamo/client';

const utf8 = new TextDecoder();

/** One DynamoDB HTTP request, as dynalite's request handler takes it. */
export interface HttpCall {
  id: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type ThreadAnswer = { id: number; status: number; headers: Record<string, string>; body: string };

/**
 * dynalite, in memory, in a worker thread of its own, and the DynamoDB clients' transport to it: for
 * a simulation run. The SDK works on the API's thread as it does over HTTP (marshals, serializes,
 * signs, parses), and its HTTP request crosses to dynalite's own request handler, the one its HTTP
 * server runs, without a socket (local/dynalite-thread.ts). Measured on a province's month (event
 * loop use of each thread): with the SDK in dynalite's thread too, that thread was 87-90% busy and
 * the API's 28%; with the SDK here, 61% and 82%, and the month ran 10-15% faster.
 */
export async function startDynaliteThread(): Promise<{
  transport: InProcessDynamo;
  close: () => Promise<void>;
  /** The thread's event-loop use so far (how busy dynalite is: a simulation's month table shows it). */
  loop: () => EventLoopUtilization;
}> {
  // Run from the project root, as npm scripts and jest are; tsx loads the thread's TypeScript.
  const worker = new Worker(resolve('local/dynalite-thread.ts'), {
    // A CPU profile of the run (`node --cpu-prof`) profiles this thread too, in a file of its own.
    execArgv: ['--import', 'tsx', ...process.execArgv.filter((a) => a.startsWith('--cpu-prof'))],
    // The whole database lives in this thread's heap (its tree and keys; values are byte arrays
    // outside it): a province's year needs more than V8's default of about 4 GB.
    resourceLimits: { maxOldGenerationSizeMb: 12 * 1024 },
  });
  await new Promise<void>((ready, fail) => {
    worker.once('message', () => ready());
    worker.once('error', fail);
  });
  const waiting = new Map<number, { done: (answer: ThreadAnswer) => void; fail: (e: Error) => void }>();
  let failure: Error | null = null;
  worker.on('message', (answers: ThreadAnswer[]) => {
    for (const answer of answers) {
      waiting.get(answer.id)?.done(answer);
      waiting.delete(answer.id);
    }
  });
  // A thread that died (out of memory, a throw in dynalite) fails every call waiting on it and
  // every later one: none would ever be answered.
  const die = (error: Error) => {
    failure ??= error;
    for (const { fail } of waiting.values()) fail(failure);
    waiting.clear();
  };
  worker.on('error', die);
  worker.on('exit', (code) => die(new Error(`dynalite's thread exited (code ${code})`)));
  // Calls started together cross to the thread as one message: each message costs a wake-up of
  // the other thread.
  const send = batched<HttpCall>((calls) => worker.postMessage(calls));
  let next = 0;
  const ask = (call: HttpCall) =>
    new Promise<ThreadAnswer>((done, fail) => {
      if (failure) return fail(failure);
      waiting.set(call.id, { done, fail });
      send(call);
    });

  const transport: InProcessDynamo = {
    handle: async (request) => sdkResponse(await ask({ id: next++, ...httpCallOf(request) })),
  };
  return {
    transport,
    close: async () => void (await worker.terminate()),
    loop: () => worker.performance.eventLoopUtilization(),
  };
}

type SdkRequest = Parameters<InProcessDynamo['handle']>[0];

/** The SDK's HTTP request as dynalite's handler reads it. */
function httpCallOf(request: SdkRequest): Pick<HttpCall, 'method' | 'path' | 'headers' | 'body'> {
  const query = new URLSearchParams(request.query as Record<string, string>).toString();
  return {
    method: request.method,
    path: `${request.path}${query ? `?${query}` : ''}`,
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body:
      typeof request.body === 'string'
        ? request.body
        : request.body instanceof Uint8Array
          ? utf8.decode(request.body)
          : '',
  };
}

/** dynalite's answer as the SDK's request handler returns it. */
const sdkResponse = (reply: ThreadAnswer) => ({
  response: { statusCode: reply.status, headers: reply.headers, body: Buffer.from(reply.body) },
});

/**
 * Collects what is sent before the current task's microtasks are done and hands it over as one
 * array: calls started together (a Promise.all) cross as one message, and a lone call waits for
 * no later turn of the event loop (most flows are a chain of single calls).
 */
export function batched<T>(flush: (items: T[]) => void): (item: T) => void {
  let pending: T[] | null = null;
  return (item) => {
    if (pending) {
      pending.push(item);
      return;
    }
    pending = [item];
    queueMicrotask(() => {
      const items = pending!;
      pending = null;
      flush(items);
    });
  };
}

import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InProcessDynamo } from '../adapters/dynamo/client';

const utf8 = new TextDecoder();

export interface DynaliteCall {
  id: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface DynaliteAnswer {
  id: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * dynalite, in memory, in a worker thread of its own, and the DynamoDB client's transport to it:
 * for a simulation run, which spends a third of its CPU inside dynalite and another fifth in the
 * HTTP client and server between the two. The SDK still builds, signs and parses every call as it
 * does over HTTP; the thread hands it to dynalite's own request handler (local/dynalite-thread.ts).
 */
export async function startDynaliteThread(): Promise<{
  transport: InProcessDynamo;
  close: () => Promise<void>;
}> {
  // Run from the project root, as npm scripts and jest are; tsx loads the thread's TypeScript.
  const worker = new Worker(resolve('local/dynalite-thread.ts'), {
    execArgv: ['--import', 'tsx'],
    // The whole database lives in this thread's heap (its tree and keys; values are byte arrays
    // outside it): a province's year needs more than V8's default of about 4 GB.
    resourceLimits: { maxOldGenerationSizeMb: 12 * 1024 },
  });
  await new Promise<void>((ready, fail) => {
    worker.once('message', () => ready());
    worker.once('error', fail);
  });
  const waiting = new Map<number, (answer: DynaliteAnswer) => void>();
  let failure: Error | null = null;
  worker.on('message', (answers: DynaliteAnswer[]) => {
    for (const answer of answers) {
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    }
  });
  // Calls made in the same turn of the event loop cross to the thread as one message: each
  // message costs a wake-up of the other thread, and that was a tenth of the simulation's CPU.
  const send = batched<DynaliteCall>((calls) => worker.postMessage(calls));
  worker.on('error', (error) => {
    failure = error;
  });
  let next = 0;
  const transport: InProcessDynamo = {
    handle: async (request) => {
      if (failure) throw failure;
      const id = next++;
      const query = new URLSearchParams(request.query as Record<string, string>).toString();
      const call: DynaliteCall = {
        id,
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
      const answer = await new Promise<DynaliteAnswer>((done) => {
        waiting.set(id, done);
        send(call);
      });
      return {
        response: { statusCode: answer.status, headers: answer.headers, body: Buffer.from(answer.body) },
      };
    },
  };
  return { transport, close: async () => void (await worker.terminate()) };
}

/** Collects what is sent in one turn of the event loop and hands it over as one array. */
export function batched<T>(flush: (items: T[]) => void): (item: T) => void {
  let pending: T[] | null = null;
  return (item) => {
    if (pending) {
      pending.push(item);
      return;
    }
    pending = [item];
    setImmediate(() => {
      const items = pending!;
      pending = null;
      flush(items);
    });
  };
}

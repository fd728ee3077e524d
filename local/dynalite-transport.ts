import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InProcessDynamo } from '../adapters/dynamo/client';

const utf8 = new TextDecoder();

/** One DynamoDB HTTP request, as dynalite's request handler takes it. */
export interface HttpCall {
  kind: 'http';
  id: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** One document-client command (lib-dynamodb), sent by its class name with its input. */
export interface DocumentCall {
  kind: 'document';
  id: number;
  command: string;
  input: unknown;
}

export type ThreadCall = HttpCall | DocumentCall;

export type ThreadAnswer =
  | { id: number; status: number; headers: Record<string, string>; body: string }
  | { id: number; output: unknown }
  | { id: number; error: Record<string, unknown> & { name: string; message: string } };

/**
 * dynalite, in memory, in a worker thread of its own, and the DynamoDB clients' transport to it: for
 * a simulation run, whose one thread was busy and whose CPU went, in thirds, to dynalite, the SDK and
 * the HTTP between them. The document client's commands (every read and write of the repositories)
 * are run by the same DynamoDB document client in that thread, made by the same
 * `makeDynamoClients`: the SDK marshals, signs, serializes and parses every call there as it does
 * over HTTP, and dynalite answers it with the handler its HTTP server runs, without a socket
 * (local/dynalite-thread.ts). The low-level client's calls (creating tables) cross as HTTP requests.
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
    env: process.env,
  });
  await new Promise<void>((ready, fail) => {
    worker.once('message', () => ready());
    worker.once('error', fail);
  });
  const waiting = new Map<number, (answer: ThreadAnswer) => void>();
  let failure: Error | null = null;
  worker.on('message', (answers: ThreadAnswer[]) => {
    for (const answer of answers) {
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    }
  });
  worker.on('error', (error) => {
    failure = error;
  });
  // Calls started together cross to the thread as one message: each message costs a wake-up of
  // the other thread.
  const send = batched<ThreadCall>((calls) => worker.postMessage(calls));
  let next = 0;
  const ask = (call: ThreadCall) =>
    new Promise<ThreadAnswer>((done) => {
      if (failure) throw failure;
      waiting.set(call.id, done);
      send(call);
    });

  const transport: InProcessDynamo = {
    handle: async (request) => {
      const answer = await ask({ kind: 'http', id: next++, ...httpCallOf(request) });
      if (!('status' in answer)) throw new Error('dynalite thread: an HTTP call answered as a command');
      return sdkResponse(answer);
    },
    sendDocument: async (command, input) => {
      const answer = await ask({ kind: 'document', id: next++, command, input });
      if ('error' in answer) throw Object.assign(new Error(answer.error.message), answer.error);
      if (!('output' in answer)) throw new Error('dynalite thread: a command answered as HTTP');
      return answer.output;
    },
  };
  return { transport, close: async () => void (await worker.terminate()) };
}

type SdkRequest = Parameters<InProcessDynamo['handle']>[0];
type HttpReply = { status: number; headers: Record<string, string>; body: string };

/** The SDK's HTTP request as dynalite's handler reads it (both sides of the thread use it). */
export function httpCallOf(request: SdkRequest): Pick<HttpCall, 'method' | 'path' | 'headers' | 'body'> {
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
export const sdkResponse = (reply: HttpReply) => ({
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

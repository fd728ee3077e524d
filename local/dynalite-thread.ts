import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parentPort } from 'node:worker_threads';
import * as lib from '@aws-sdk/lib-dynamodb';
import { makeDynamoClients, serveEndpointInProcess } from '../adapters/dynamo/client';
import { createDynaliteServer } from './dynalite-engine';
import {
  batched,
  type DocumentCall,
  type HttpCall,
  httpCallOf,
  sdkResponse,
  type ThreadAnswer,
  type ThreadCall,
} from './dynalite-transport';

/**
 * dynalite in a worker thread (local/dynalite-transport.ts). An HTTP call is handed to dynalite's
 * own request handler, the one its HTTP server runs, with the request and the response as plain
 * objects; a document command is run by this thread's own document client (the same
 * `makeDynamoClients`), whose requests go to that handler the same way.
 */
const server = await createDynaliteServer({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const handle = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
const port = parentPort!;
const answer = batched<ThreadAnswer>((answers) => port.postMessage(answers));

const IN_THREAD = 'http://dynalite.in-thread';
// The thread's copy of the environment was taken before the stack set the region; dynalite ignores it.
process.env.AWS_REGION ??= 'cn-north-1';
serveEndpointInProcess(IN_THREAD, {
  handle: async (request) => sdkResponse(await serveHttp(httpCallOf(request))),
});
const { doc } = makeDynamoClients(IN_THREAD);
const commands = lib as unknown as Record<string, new (input: unknown) => Parameters<typeof doc.send>[0]>;

port.on('message', (calls: ThreadCall[]) => {
  for (const call of calls) {
    if (call.kind === 'http') serveHttp(call).then((reply) => answer({ id: call.id, ...reply }));
    else runCommand(call);
  }
});

function serveHttp(
  call: Pick<HttpCall, 'method' | 'path' | 'headers' | 'body'>,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((done) => {
    const req = Object.assign(new EventEmitter(), {
      method: call.method,
      url: call.path,
      headers: call.headers,
    });
    const headers: Record<string, string> = {};
    const res = {
      statusCode: 200,
      setHeader: (name: string, value: unknown) => {
        headers[name.toLowerCase()] = String(value);
      },
      end: (body?: string) => done({ status: res.statusCode, headers, body: body ?? '' }),
    };
    handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
    if (call.body) req.emit('data', Buffer.from(call.body));
    req.emit('end');
  });
}

async function runCommand(call: DocumentCall): Promise<void> {
  try {
    const Command = commands[call.command];
    if (!Command) throw new Error(`no document command ${call.command}`);
    const output = await doc.send(new Command(call.input));
    answer({ id: call.id, output });
  } catch (caught) {
    const error = caught as Error & Record<string, unknown>;
    // Errors cross by their fields: code tells them apart by name (e.g. ConditionalCheckFailedException).
    const fields = Object.fromEntries(Object.entries(error).filter(([, v]) => typeof v !== 'function'));
    answer({ id: call.id, error: { ...fields, name: error.name, message: error.message } });
  }
}
port.postMessage('ready');

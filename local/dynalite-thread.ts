import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parentPort } from 'node:worker_threads';
import { createDynaliteServer } from './dynalite-engine';
import { batched, type HttpCall, type ThreadAnswer } from './dynalite-transport';

/**
 * dynalite in a worker thread (local/dynalite-transport.ts). Each call is handed to dynalite's own
 * request handler, the one its HTTP server runs, with the request and the response as plain objects.
 */
const server = await createDynaliteServer({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const handle = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
const port = parentPort!;
const answer = batched<ThreadAnswer>((answers) => port.postMessage(answers));

port.on('message', (calls: HttpCall[]) => {
  for (const call of calls) serve(call);
});

function serve(call: HttpCall): void {
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
    end: (body?: string) => answer({ id: call.id, status: res.statusCode, headers, body: body ?? '' }),
  };
  handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  if (call.body) req.emit('data', Buffer.from(call.body));
  req.emit('end');
}
port.postMessage('ready');

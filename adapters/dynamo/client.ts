import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The SDK's request handler, for a DynamoDB reached without a network: the local stack's dynalite
 * in a worker thread (local/dynalite-transport.ts), for a simulation run.
 */
export interface InProcessDynamo {
  handle(request: {
    method: string;
    path: string;
    query?: Record<string, unknown>;
    headers: Record<string, string>;
    body?: unknown;
  }): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
}

const inProcess = new Map<string, InProcessDynamo>();

/** Local only: clients made for `endpoint` send their calls to `transport`, not over the network. */
export function serveEndpointInProcess(endpoint: string, transport: InProcessDynamo | null): void {
  if (transport) inProcess.set(endpoint, transport);
  else inProcess.delete(endpoint);
}

/**
 * One DynamoDB client per process. `DYNAMODB_ENDPOINT` points it at dynalite locally; on Lambda
 * it is unset and the SDK finds the regional endpoint (aws-cn included) by itself.
 */
export function makeDynamoClients(endpoint?: string): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const transport = endpoint ? inProcess.get(endpoint) : undefined;
  const raw = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          ...(transport
            ? {
                requestHandler: {
                  handle: transport.handle,
                  updateHttpClientConfig: () => {},
                  httpHandlerConfigs: () => ({}),
                } as never,
              }
            : {}),
          // Any region does for dynalite; the local stack sets one.
          region: process.env.AWS_REGION,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  const doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  return { raw, doc };
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HttpAuthScheme, HttpRequest } from '@smithy/types';

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
 * Calls to the in-process dynalite go unsigned. dynalite checks that a call carries a SigV4
 * Authorization header and a date, and never checks the signature; computing it (canonical
 * request, SHA-256, four HMACs) was about a tenth of the API thread's CPU in a simulated month
 * (`--cpu-prof`), the thread every call waits on. Only this transport: a client over HTTP (`npm
 * start`, the tests on disk) and on AWS signs as the SDK does.
 */
const UNSIGNED_SIGV4: HttpAuthScheme = {
  schemeId: 'aws.auth#sigv4',
  identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
  signer: {
    sign: async (request: HttpRequest) => {
      request.headers['x-amz-date'] = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
      request.headers.authorization =
        'AWS4-HMAC-SHA256 Credential=local/unsigned, SignedHeaders=host, Signature=unsigned';
      return request;
    },
  },
};

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
                httpAuthSchemes: [UNSIGNED_SIGV4],
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

import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { STAFF_ROLES, type Staff, type StaffRole } from '../../domain/access';
import { Refusal } from '../../domain/errors';
import { type Container, getContainer } from './container';
import { logger } from './powertools';
import { HttpProblem, toProblem } from './problems';

/**
 * Every API handler is `httpHandler(spec, fn)`: a few lines of route logic wrapped in one middy
 * chain that authenticates, parses and validates with the route's zod schemas, honours
 * `Idempotency-Key` (Powertools, on the idempotency table) and maps every error once.
 */
export type Auth = 'staff' | 'optional' | 'none';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  auth: Auth;
  body?: B;
  query?: Q;
  params?: P;
}

export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  staff: Staff | null;
  headers: Record<string, string | undefined>;
  services: Container;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

type Event = APIGatewayProxyEventV2WithClaims;
/** The HTTP API event, with the claims its JWT authorizer adds on protected routes. */
export type APIGatewayProxyEventV2WithClaims = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: Record<string, unknown>; scopes?: string[] | null } };
  };
  /** Set by `prepare`: the Idempotency-Key scoped to route, path and caller, or absent. */
  idempotencyScope?: string;
};

const MAX_BODY_BYTES = 64 * 1024;
const prepared = new WeakMap<object, RouteInput<unknown, unknown, unknown>>();

export function httpHandler<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  spec: RouteSpec<B, Q, P>,
  fn: (input: RouteInput<z.output<B>, z.output<Q>, z.output<P>>) => Promise<RouteResult>,
) {
  const chain = middy<Event, APIGatewayProxyResultV2>()
    // Request id and cold start on every log line; never the event itself (logEvent stays off).
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(mapErrors())
    .use(prepare(spec))
    .use(idempotent())
    .handler(async (event: Event) => {
      const input = prepared.get(event) as RouteInput<z.output<B>, z.output<Q>, z.output<P>>;
      const result = await fn(input);
      return json(result.status, result.body);
    });
  return chain;
}

export function json(status: number, body: unknown): APIGatewayProxyResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

function mapErrors(): MiddlewareObj<Event, APIGatewayProxyResultV2> {
  return {
    onError: async function mapErrorToResponse(request) {
      const problem = toProblem(request.error);
      const route = request.event.requestContext?.routeKey;
      if (problem.ours) {
        // Name and stack only: error messages from the SDK can quote values we stored.
        const err = request.error as Error;
        logger.error('unhandled error', { route, errorName: err?.name, stack: err?.stack });
      } else {
        logger.info('refused', { route, status: problem.status, code: problem.body.error.code });
      }
      request.response = json(problem.status, problem.body);
    },
  };
}

function prepare<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  spec: RouteSpec<B, Q, P>,
): MiddlewareObj<Event, APIGatewayProxyResultV2> {
  return {
    before: async function authenticateAndParse(request) {
      const event = request.event;
      const services = getContainer();
      const headers = lowerCaseHeaders(event.headers ?? {});
      const staff = await authenticate(services, event, headers, spec.auth);
      const body = spec.body ? parse(spec.body, parseJsonBody(event), 422, 'invalid_body') : undefined;
      const query = spec.query
        ? parse(spec.query, event.queryStringParameters ?? {}, 400, 'invalid_query')
        : undefined;
      const params = spec.params
        ? parse(spec.params, event.pathParameters ?? {}, 404, 'not_found')
        : undefined;
      const key = headers['idempotency-key'];
      if (key !== undefined) {
        if (key.length < 1 || key.length > 128)
          throw new HttpProblem(
            400,
            'invalid_idempotency_key',
            'Idempotency-Key must be 1 to 128 characters',
          );
        // Scoped, so one caller's key never answers another caller or another route.
        event.idempotencyScope = `${event.requestContext.http.method} ${event.rawPath} ${staff?.sub ?? 'public'} ${key}`;
      }
      prepared.set(event, { body, query, params, staff, headers, services } as RouteInput<
        unknown,
        unknown,
        unknown
      >);
    },
  };
}

/**
 * Powertools idempotency, built lazily so the table name is read from the container. Only POSTs
 * carrying an Idempotency-Key are recorded; a same-key, other-body retry is a 409.
 */
function idempotent(): MiddlewareObj<Event, APIGatewayProxyResultV2> {
  let inner: MiddlewareObj | null = null;
  const get = () => {
    if (!inner) {
      const services = getContainer();
      inner = makeHandlerIdempotent({
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: services.idempotencyTableName,
          awsSdkV3Client: services.dynamo.raw,
        }),
        config: new IdempotencyConfig({
          eventKeyJmesPath: 'idempotencyScope',
          payloadValidationJmesPath: 'body',
          expiresAfterSeconds: 24 * 3600,
          throwOnNoIdempotencyKey: false,
        }),
        keyPrefix: 'minyi-api',
      }) as MiddlewareObj;
    }
    return inner;
  };
  const active = (request: { event: Event }) =>
    request.event.requestContext.http.method === 'POST' && !!request.event.idempotencyScope;
  return {
    before: async function idempotencyBefore(request) {
      if (active(request)) return get().before?.(request as never);
    },
    after: async function idempotencyAfter(request) {
      if (active(request)) await get().after?.(request as never);
    },
    onError: async function idempotencyOnError(request) {
      if (active(request)) await get().onError?.(request as never);
    },
  };
}

async function authenticate(
  services: Container,
  event: Event,
  headers: Record<string, string | undefined>,
  auth: Auth,
): Promise<Staff | null> {
  if (auth === 'none') return null;
  let claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) {
    const header = headers.authorization;
    if (!header) {
      if (auth === 'staff') throw new Refusal('unauthorized', 'unauthorized', 'a staff token is required');
      return null;
    }
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    if (!token || !services.tokens) throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
    try {
      claims = await services.tokens.verify(token);
    } catch {
      throw new Refusal('unauthorized', 'unauthorized', 'invalid token');
    }
  }
  return staffFromClaims(services, claims);
}

/** Claims `sub`, `role`, `court` (Cognito custom attributes `custom:role`, `custom:court` too). */
function staffFromClaims(services: Container, claims: Record<string, unknown>): Staff {
  const role = String(claims.role ?? claims['custom:role'] ?? '');
  const court = String(claims.court ?? claims['custom:court'] ?? '');
  const sub = String(claims.sub ?? '');
  if (!sub || !(STAFF_ROLES as readonly string[]).includes(role) || !services.courts.find(court)) {
    throw new Refusal('forbidden', 'forbidden', 'the token does not name a staff role and a known court');
  }
  return { sub, role: role as StaffRole, court };
}

function parseJsonBody(event: Event): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES)
    throw new HttpProblem(413, 'too_large', `the body must be at most ${MAX_BODY_BYTES} bytes`);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpProblem(400, 'malformed_json', 'the body is not valid JSON');
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, status: number, code: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  if (status === 404) throw new HttpProblem(404, 'not_found', 'no such resource');
  // Zod's issues name the field and the rule; they never echo the value sent.
  const details = result.error.issues.map((i) => ({
    path: i.path.join('.'),
    message: i.message,
    code: i.code,
  }));
  throw new HttpProblem(status, code, 'the request does not match the schema', details);
}

function lowerCaseHeaders(headers: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export type { Context };

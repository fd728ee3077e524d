import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Citizen } from '../../../adapters/citizen-sessions';
import type { Staff } from '../../../domain/access';

/** The HTTP API event, with the claims its JWT authorizer adds on protected routes. */
export type ApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims: Record<string, unknown>; scopes?: string[] | null } };
  };
};
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** What the middlewares learn about a call, each filling its own part, for the ones after it. */
export interface RouteState {
  /** authenticate: the member of staff calling, or null for a citizen. */
  staff?: Staff | null;
  /** authenticate: the signed-in WeChat citizen calling (their session token), or null. */
  citizen?: Citizen | null;
  /** parseInput: headers with lower-case names. */
  headers?: Record<string, string | undefined>;
  /** parseInput: the JSON body as sent (before validation), for the idempotency fingerprint. */
  rawBody?: unknown;
  /** parseInput: body, query and path parameters, validated by the route's schemas. */
  input?: { body: unknown; query: unknown; params: unknown };
  /** idempotency: the key this call holds, set only when it claimed one. */
  idempotency?: HeldKey;
}

export interface HeldKey {
  id: string;
  owner: string;
  /** Encrypts the answer kept for replay; derived from the Idempotency-Key, never stored. */
  cipherKey: Buffer;
  /** The body's fingerprint: the same key with another body is a 409. */
  bodyHash: string;
  /** The route's own write claims the key (`claimedByItsWrite`): nothing is held in the idempotency table. */
  inItsWrite?: true;
  /** Set by the services when the call answered with what an earlier run of it did. */
  replayed?: true;
}

export type RouteContext = Context & { route: RouteState };
export type RouteMiddleware = MiddlewareObj<ApiEvent, ApiResult, Error, RouteContext>;

/** A value an earlier middleware must have set: a missing one is a wiring fault of ours. */
export function fromEarlier<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`middleware order: ${what} is not set`);
  return value;
}

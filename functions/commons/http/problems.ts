import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode } from '../../../domain/error-codes';
import { Refusal, type RefusalKind } from '../../../domain/errors';

/** A refusal raised by the HTTP layer itself (malformed JSON, oversize body, idempotency ...). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const STATUS: Record<RefusalKind, number> = {
  invalid: 422,
  malformed: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  unauthorized: 401,
  too_many: 429,
};

/** The contract's error body (API.md, "Errors"). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown[] };
}

export interface Problem {
  status: number;
  body: ErrorBody;
  /** Seconds to wait, sent as `Retry-After`; set on answers that a later retry may change. */
  retryAfterSeconds?: number | undefined;
  /** A fault of ours (a 500 that says nothing more), not something the client sent. */
  ours: boolean;
}

/** Every error a client can cause, as its 4xx; anything else is ours, a 500 that says nothing more. */
export function toProblem(error: unknown): Problem {
  const body = (code: ErrorCode, message: string, details: unknown[] = []) => ({
    error: { code, message, details },
  });
  if (error instanceof HttpProblem)
    return {
      status: error.status,
      body: body(error.code, error.message, error.details),
      retryAfterSeconds: error.retryAfterSeconds,
      ours: false,
    };
  if (error instanceof Refusal)
    return {
      status: STATUS[error.kind],
      body: body(error.code, error.message, error.details),
      retryAfterSeconds: error.retryAfterSeconds,
      ours: false,
    };
  return { status: 500, body: body('internal', 'internal error'), ours: true };
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> =
    problem.retryAfterSeconds === undefined
      ? {}
      : { 'retry-after': String(Math.max(1, Math.ceil(problem.retryAfterSeconds))) };
  return json(problem.status, problem.body, headers);
}

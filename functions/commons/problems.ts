import {
  IdempotencyAlreadyInProgressError,
  IdempotencyValidationError,
} from '@aws-lambda-powertools/idempotency';
import { Refusal, type RefusalKind } from '../../domain/errors';

/** An HTTP refusal raised by the HTTP layer itself (malformed JSON, oversize body ...). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

const STATUS: Record<RefusalKind, number> = {
  invalid: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  unauthorized: 401,
};

export interface ErrorBody {
  error: { code: string; message: string; details: unknown[] };
}

/** Every error a client can cause, as its 4xx; anything else is ours, a 500 that says nothing more. */
export function toProblem(error: unknown): { status: number; body: ErrorBody; ours: boolean } {
  const body = (code: string, message: string, details: unknown[] = []) => ({
    error: { code, message, details },
  });
  if (error instanceof HttpProblem)
    return { status: error.status, body: body(error.code, error.message, error.details), ours: false };
  if (error instanceof Refusal)
    return { status: STATUS[error.kind], body: body(error.code, error.message, error.details), ours: false };
  if (error instanceof IdempotencyValidationError) {
    return {
      status: 409,
      body: body('idempotency_mismatch', 'this Idempotency-Key was used with another body'),
      ours: false,
    };
  }
  if (error instanceof IdempotencyAlreadyInProgressError) {
    return {
      status: 409,
      body: body('idempotency_in_progress', 'a request with this Idempotency-Key is still running'),
      ours: false,
    };
  }
  return { status: 500, body: body('internal', 'internal error'), ours: true };
}

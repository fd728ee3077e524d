import type { ErrorCode } from './error-codes';

/**
 * The ways a client's request can be refused, named for what went wrong. The HTTP layer maps
 * each kind to its status once (functions/commons/http/problems.ts); the domain knows no HTTP.
 */
export type RefusalKind =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'invalid'
  | 'malformed'
  | 'unauthorized'
  | 'too_many';

export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly kind: RefusalKind,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown[] = [],
    /** Set when the same call may succeed later (a limit, contention): it says when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What a 404 names, so that a page can say which thing it could not find. */
export type Resource = 'order' | 'request' | 'typical case' | 'knowledge entry' | 'member of staff' | 'court';
export const notFound = (what: Resource) =>
  new Refusal('not_found', 'not_found', `${what} not found`, [{ resource: what }]);
export const forbidden = (message: string) => new Refusal('forbidden', 'forbidden', message);
/** `details`: what a page can say beside the code (the status the thing is in, the time a window closed). */
export const wrongState = (
  message: string,
  details: Record<string, unknown>[] = [],
  code: ErrorCode = 'wrong_state',
) => new Refusal('conflict', code, message, details);
export const invalid = (code: ErrorCode, message: string) => new Refusal('invalid', code, message);
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new Refusal('too_many', 'too_many_attempts', message, [], retryAfterSeconds);
/** Others kept changing the same thing for longer than we retry: nothing was changed, try again. */
export const busy = (message: string) => new Refusal('conflict', 'busy', message, [], 1);

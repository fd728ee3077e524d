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
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
    /** Set when the same call may succeed later (a limit, contention): it says when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new Refusal('not_found', 'not_found', `${what} not found`);
export const forbidden = (message: string) => new Refusal('forbidden', 'forbidden', message);
export const wrongState = (message: string) => new Refusal('conflict', 'wrong_state', message);
export const invalid = (code: string, message: string) => new Refusal('invalid', code, message);
export const tooMany = (message: string, retryAfterSeconds: number) =>
  new Refusal('too_many', 'too_many_attempts', message, [], retryAfterSeconds);
/** Others kept changing the same thing for longer than we retry: nothing was changed, try again. */
export const busy = (message: string) => new Refusal('conflict', 'busy', message, [], 1);

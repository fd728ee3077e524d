/**
 * The ways a client's request can be refused, named for what went wrong. The HTTP layer maps
 * each kind to its status once (functions/commons/http-errors.ts); the domain knows no HTTP.
 */
export type RefusalKind = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unauthorized';

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new Refusal('not_found', 'not_found', `${what} not found`);
export const forbidden = (message: string) => new Refusal('forbidden', 'forbidden', message);
export const wrongState = (message: string) => new Refusal('conflict', 'wrong_state', message);
export const invalid = (code: string, message: string) => new Refusal('invalid', code, message);

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The call an HTTP request is, when it carries an Idempotency-Key: `id` names it (a hash of
 * caller, route and key, never the key itself) and `seal`/`unseal` encrypt with a key only that
 * caller's Idempotency-Key yields. Writes made by the call carry `id`, so that the same call run
 * again (a retry after a crash, once the key's lease ran out) finds its own work and answers as
 * the first run did instead of doing it twice.
 */
export interface CallIdentity {
  id: string;
  /** The fingerprint of the call's body: a write that carries the call keeps it, to tell another body apart. */
  bodyHash: string;
  /** Says the call answered with what an earlier run of it did (the answer is marked as a replay). */
  replayed(): void;
  seal(plain: string): string;
  unseal(sealed: string): string;
}

const current = new AsyncLocalStorage<CallIdentity>();

export function runAsCall<T>(call: CallIdentity | undefined, fn: () => Promise<T>): Promise<T> {
  return call ? current.run(call, fn) : fn();
}

/** The running call's identity, or undefined for a call without an Idempotency-Key. */
export const currentCall = (): CallIdentity | undefined => current.getStore();

import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The pages' only way to the system: a client typed from GET /v1/openapi.json (schema.d.ts is
 * generated from the handlers' own schemas by `npm run api:gen`). A handler that changes what it
 * takes or answers changes these types, and the pages stop type-checking until they follow.
 */
export type Api = Client<paths>;
export type Schemas = components['schemas'];
export type Order = Schemas['Order'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderSummary = Schemas['OrderSummary'];
export type Report = Schemas['Report'];
export type ApiError = Schemas['Error'];

/** A client for `baseUrl`; `bearer` gives the signed-in person's token (never put in a URL). */
export function makeClient(baseUrl: string, bearer: () => Promise<string | null> = async () => null): Api {
  const client = createClient<paths>({ baseUrl });
  client.use({
    async onRequest({ request }) {
      const token = await bearer();
      if (token) request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

/**
 * A new Idempotency-Key for one thing a person files (API.md: the same key and body return the
 * first answer). A page keeps it while the person retries the same filing, so an answer lost on
 * a slow or dropped connection is fetched again instead of filing twice. Made with
 * getRandomValues, which (unlike randomUUID) works on a plain-http training-room address too.
 */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** What a page says when the answer never came (the connection dropped, the phone went offline). */
export const NO_ANSWER = '网络连接中断，未收到答复。请检查网络后再次提交：同一份诉求不会重复登记。';

/** A refusal, in Chinese, for a page to show (problems.ts words every code the API publishes). */
export { problemText } from './problems';

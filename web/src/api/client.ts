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

/** A refusal, in Chinese, for a page to show (problems.ts words every code the API publishes). */
export { problemText } from './problems';

import { readFile } from 'node:fs/promises';
import { parseEnvironment } from '../commons/env';
import { httpHandler } from '../commons/http';
import { ROUTES } from './routes';

/**
 * GET /v1/openapi.json: the document built from the zod schemas at build time
 * (functions/api/openapi-document.ts), read from the file `OPENAPI_DOCUMENT` names on the first
 * call and kept: on Lambda the one MinyiFunction ships beside the bundle, locally the one the
 * local stack writes at start. This function imports neither the schemas nor zod's JSON Schema
 * generator, so its cold start is the other functions' (bench/bundles.ts).
 */
let document: Promise<unknown> | null = null;

export const getOpenApi = httpHandler(ROUTES.getOpenApi, () => {
  document ??= readDocument().catch((error: unknown) => {
    document = null; // a failed read is tried again by the next call
    throw error;
  });
  return document;
});

async function readDocument(): Promise<unknown> {
  const file = parseEnvironment().OPENAPI_DOCUMENT;
  if (!file) throw new Error('environment variable OPENAPI_DOCUMENT is not set');
  return JSON.parse(await readFile(file, 'utf8'));
}

/**
 * Whether the request schemas carry their descriptions and examples (`z.meta(DOCS ? {…} : {})` in
 * functions/api/schemas.ts). Only the OpenAPI document reads them, and it is built at synth time
 * (functions/api/openapi-document.ts, run by tsx); the functions' bundles define
 * `process.env.MINYI_API_DOCS` as `off` (infra/constructs/minyi-function.ts), so esbuild folds this
 * to false and drops every description with its text: 2 KB of the requests function, which had
 * reached its 150 KB budget with text that no call ever reads.
 */
export const DOCS = process.env.MINYI_API_DOCS !== 'off';

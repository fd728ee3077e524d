import * as z from 'zod';
import { httpHandler } from '../commons/http';
import { ROUTE_LIST, ROUTES } from './routes';

const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: {} },
      },
    },
  },
};

/** OpenAPI 3.1 from the same zod schemas that validate the calls (JSON Schema 2020-12 is 3.1's dialect). */
export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_LIST) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      const json = z.toJSONSchema(schema, { io: 'input' }) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      for (const [name, s] of Object.entries(json.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (json.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    if (route.method === 'POST') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 128 },
      });
    }
    if (route.path === '/v1/requests/{trackingNo}') {
      parameters.push({ name: 'X-Access-Code', in: 'header', required: false, schema: { type: 'string' } });
    }
    const responses: Record<string, unknown> = {
      [String(route.status)]: {
        description: 'OK',
        content: { 'application/json': { schema: {} } },
      },
    };
    for (const status of ['400', '401', '403', '404', '409', '413', '422', '429']) {
      responses[status] = {
        description: 'refused',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      security:
        route.auth === 'staff' ? [{ staffJwt: [] }] : route.auth === 'optional' ? [{}, { staffJwt: [] }] : [],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: bodyRef(route.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '民意中心 API',
      version: '1.0.0',
      description: 'Requests, work orders and figures of the 12368 public-opinion center.',
    },
    paths,
    components: {
      schemas: { ...bodySchemas(), Error: ERROR },
      securitySchemes: { staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** Request bodies carry `.meta({ id })`: they are published once under components and referred to. */
function bodyRef(schema: z.ZodType) {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : z.toJSONSchema(schema, { io: 'input' });
}

function bodySchemas(): Record<string, unknown> {
  const out = z.toJSONSchema(z.globalRegistry, { io: 'input', uri: (id) => `#/components/schemas/${id}` });
  return out.schemas;
}

let cached: ReturnType<typeof buildOpenApi> | null = null;

/** GET /v1/openapi.json */
export const getOpenApi = httpHandler(ROUTES.getOpenApi, async () => {
  cached ??= buildOpenApi();
  return cached;
});

import * as z from 'zod/mini';
import { ERROR_CODE_LIST, ERROR_CODES } from '../../domain/error-codes';
import * as R from './responses';
import { ROUTE_LIST, type RouteDef, type RouteName } from './routes';

const ERROR = {
  type: 'object',
  description: 'Every refusal: a stable code, a message, and details (the fields at fault).',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        // domain/error-codes.ts: the server raises only these, and the pages word each of them.
        code: {
          type: 'string',
          enum: ERROR_CODE_LIST,
          description: ERROR_CODE_LIST.map((c) => `- \`${c}\`: ${ERROR_CODES[c]}`).join('\n'),
        },
        message: { type: 'string' },
        details: { type: 'array', items: {} },
      },
    },
  },
};

/** What each tag covers, in the order front-end teams read them. */
const TAGS = [
  {
    name: 'citizens',
    description: 'Filing and following a request: anyone, or an agent for hotline and window',
  },
  { name: 'center', description: "The center's agents: settle, make orders, re-dispatch, call back" },
  {
    name: 'orders',
    description: 'Work orders: the courts (handlers, supervisors) and everyone who reads them',
  },
  { name: 'ratings', description: 'One-time rating tokens and the ratings given with them' },
  { name: 'reports', description: 'Figures for a court and every court below it (auditors, supervisors)' },
  { name: 'directory', description: 'The court directory and this document' },
  {
    name: 'wechat',
    description:
      "Citizens on WeChat: sign-in with the mini program's code, their own requests, subscriptions",
  },
  { name: 'personal-data', description: "PIPL: who was shown a citizen's unmasked personal data (auditors)" },
  {
    name: 'administration',
    description:
      "The directory at run time, kept by the center's administrators (role `admin`, court of the high court, 赣): courts (add, rename, merge), their staff, supervision offices and leadership, and so who receives which emails. A change takes effect at once and is recorded (who, when, before, after); the record and the lists are read by administrators and the center's auditors. An administrator may do nothing else: no order, request, figure or citizen's data.",
  },
] as const;

type Tag = (typeof TAGS)[number]['name'];

/**
 * Each operation's summary, kept here and not in the route table: the table is in every function's
 * bundle (parsed at every cold start, held to its budget), and only this document reads them. A
 * route without one fails the type-check.
 */
const SUMMARY_OF: Record<RouteName, string> = {
  getOpenApi: 'This document',
  listCourts: 'The court directory',
  createRequest: 'A new request (hotline and window: agents only)',
  getRequest: 'A request and its order: the citizen with X-Access-Code, or staff',
  settle: 'Settle at first contact (agent)',
  createOrder: 'Create the work order (agent)',
  listOrders: 'Orders visible to the caller',
  getOrder: 'One order with its history',
  accept: 'Sign for the order',
  giveBack: 'Return a wrongly routed order (within 1 working day)',
  dispatch: 'Re-dispatch a returned order (agent)',
  requestExtension: 'Ask once for more time',
  decideExtension: 'Approve or reject the extension (supervisor)',
  decideReturn:
    "Review a court's return (agent): approved goes to courtCode as a new round; rejected goes back with its original deadline",
  decideReply:
    "Before the callback (agent): accepted false sends the court's reply back (答复不合格); the round reopens with its original deadline",
  urge: '催办 (agent): the handling court is emailed at once',
  reply: "The court's answer",
  callback: 'Callback to the citizen (agent)',
  review: "Close after the last reopen (superior court's supervisor)",
  mintEvaluationToken:
    'A one-time rating token: window service, hotline call (sent by SMS) or online session',
  getEvaluationToken:
    "A rating link's state (unused, used, expired) and what it rates, before the citizen chooses",
  createEvaluation: 'Rate once with a token',
  getMonthlyReport: "A month's figures for a court and every court below it (auditors, supervisors)",
  getDailyReport: "A day's figures for a court and every court below it (auditors, supervisors)",
  getRanking:
    'Courts ranked against their peers for a month, by on-time rate, satisfaction and one-pass resolution; too few orders: listed apart (auditors; supervisors: their own scope)',
  getBulletin:
    "A court's monthly 通报: its figures, its places, its urged, rejected and late orders (auditors, supervisors)",
  loadCalendarYear:
    "Load a year's holidays and adjusted working days as published (the high court's supervisors); open orders' future deadlines move",
  findRequestsByPhone:
    "A caller's earlier requests, by a keyed hash of the phone, masked, each with its order's state and the likely match marked (agents)",
  listInbox:
    "The center's agents' inbox: web and WeChat requests nobody has settled, ordered or linked yet, oldest first, masked, with how long each has waited",
  linkRepeat:
    "A repeat request (重复诉求, agent): linked to the matter it repeats, no order of its own; the matter's open order is urged (催办). A complaint or interference report joins only a matter handled by the same supervision office, else 422 firewall",
  getAccessLog: "Who was shown this request's unmasked personal data, and when (auditors)",
  createWeChatSession: "Sign in with the mini program's wx.login code: a short-lived citizen session token",
  listMyRequests: "The signed-in citizen's own requests, newest first",
  grantSubscriptions: 'The subscription templates the citizen granted in the mini program (one message each)',
  searchKnowledge:
    'Published knowledge-base entries, best match first (Chinese full text, as an agent types)',
  createKnowledge:
    "A new knowledge-base entry (the center's supervisors), optionally from a published typical case",
  getKnowledge:
    "An entry with every revision, oldest first; a withdrawn entry only for the center's supervisors (404 to everyone else)",
  reviseKnowledge: "Revise, publish or withdraw an entry (the center's supervisors); every revision is kept",
  nominateTypicalCase:
    'Nominate a closed order as a typical case (supervisors over its court), with a summary by staff',
  decideTypicalCase: "Publish a nominated typical case, or not (the center's supervisors)",
  withdrawTypicalCase:
    "Withdraw a published typical case (the center's supervisors): it leaves the public list at once and is kept, with the reason, in the center's (status=withdrawn); again, the same answer",
  listTypicalCases: "The published typical cases (anyone); the center's queue with status=nominated",
  listDirectoryStaff:
    "The directory's staff as kept, by court, role and unit (the center's administrators and auditors)",
  changeDirectoryStaff:
    "Add, change or deactivate a member of staff (the center's administrators): in effect at once, recorded",
  listDirectoryCourts: "The courts as kept, merged ones included (the center's administrators and auditors)",
  changeDirectoryCourt:
    "Add, rename or merge a court (the center's administrators): its code, orders, history and figures stay; recorded",
  listDirectoryChanges:
    "Every change of the directory, newest first: who, when, before and after (administrators, the center's auditors)",
};

const TAG_OF: Record<string, Tag> = {
  getOpenApi: 'directory',
  listCourts: 'directory',
  createRequest: 'citizens',
  getRequest: 'citizens',
  settle: 'center',
  createOrder: 'center',
  dispatch: 'center',
  callback: 'center',
  mintEvaluationToken: 'ratings',
  createEvaluation: 'ratings',
  getMonthlyReport: 'reports',
  getDailyReport: 'reports',
  getRanking: 'reports',
  getBulletin: 'reports',
  findRequestsByPhone: 'center',
  linkRepeat: 'center',
  getAccessLog: 'personal-data',
  createWeChatSession: 'wechat',
  listMyRequests: 'wechat',
  grantSubscriptions: 'wechat',
  listDirectoryStaff: 'administration',
  changeDirectoryStaff: 'administration',
  listDirectoryCourts: 'administration',
  changeDirectoryCourt: 'administration',
  listDirectoryChanges: 'administration',
};

const WHO: Record<RouteDef['auth'], string> = {
  none: 'Anyone; no token.',
  optional:
    'Anyone; a staff token or a citizen session token, when sent, is verified and widens what the call may do.',
  citizen:
    'A signed-in WeChat citizen only: `Authorization: Bearer <citizen session token>` (POST /v1/wechat/session).',
  staff:
    'Staff only: `Authorization: Bearer <JWT>` with the claims `sub`, `role` (agent, handler, supervisor, auditor, admin) and `court`.',
};

/** The refusals an operation can answer, from what it takes (auth, body, path, POST). */
function refusals(route: RouteDef): Record<string, string> {
  const out: Record<string, string> = { '400': 'malformed (query, JSON or Idempotency-Key)' };
  if (route.auth !== 'none') {
    out['401'] = route.auth === 'citizen' ? 'no valid citizen session token' : 'no valid token';
    out['403'] = 'the caller may not do this';
  }
  if (route.params || route.auth !== 'none') out['404'] = 'not found, or not visible to the caller';
  if (route.method === 'POST')
    out['409'] = 'wrong state, conflict, or idempotency key reused with another body';
  if (route.body) {
    out['413'] = 'body too large';
    out['415'] = 'not JSON';
    out['422'] = 'valid JSON, invalid content';
  }
  out['429'] = 'too many calls (see Retry-After)';
  return out;
}

function successOf(route: RouteDef & { name: string }) {
  const name = route.responses[route.status];
  if (!name)
    throw new Error(`${route.name} has no response schema for ${route.status} in functions/api/routes.ts`);
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the document describes every response, so this function bundles them all anyway
  const id = R.responseSchemas.get(R[name])?.id;
  if (!id)
    throw new Error(`the response schema of ${route.name} is not registered (functions/api/responses.ts)`);
  return { status: String(route.status), id };
}

/**
 * OpenAPI 3.1 from the same zod schemas that validate the calls (request bodies, parameters) and
 * describe the answers (functions/api/responses.ts). Component schemas carry no `$id` or
 * `$schema`, so JSON Schema 2020-12 tools (Ajv 2020) read them as they stand.
 *
 * Built where the code is built, never in the function that serves it (functions/api/openapi.ts):
 * the CDK app ships it beside that function's bundle, the local stack writes it at start, and
 * `npm run api:gen` / `api:lint` read the same. Built at import, every response schema and zod's
 * JSON Schema generator cost the function 1.2× the others' cold start (issue 23).
 */
export function buildOpenApi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_LIST) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params?.()],
      ['query', route.query?.()],
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
        description: 'The same key and body within 24 h return the first answer and change nothing.',
        schema: { type: 'string', minLength: 1, maxLength: 128 },
      });
    }
    if (route.path === '/v1/requests/{trackingNo}') {
      parameters.push({
        name: 'X-Access-Code',
        in: 'header',
        required: false,
        description: 'The access code given at filing: the citizen reads their own request with it.',
        schema: { type: 'string' },
      });
    }
    const success = successOf(route);
    const responses: Record<string, unknown> = {
      [success.status]: {
        description: success.status === '201' ? 'Created' : 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${success.id}` } } },
      },
    };
    for (const [status, description] of Object.entries(refusals(route))) {
      responses[status] = {
        description,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.name,
      summary: SUMMARY_OF[route.name],
      description: WHO[route.auth],
      tags: [TAG_OF[route.name] ?? 'orders'],
      security:
        route.auth === 'staff'
          ? [{ staffJwt: [] }]
          : route.auth === 'optional'
            ? [{}, { staffJwt: [] }, { citizenSession: [] }]
            : route.auth === 'citizen'
              ? [{ citizenSession: [] }]
              : [],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: bodyRef(route.body()) } },
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
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [{ url: '/', description: 'The origin that serves this document' }],
    tags: TAGS.map((t) => ({ ...t })),
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        staffJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito ID token (or the OIDC issuer of a China stage); locally `npm run token`.',
        },
        citizenSession: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A citizen session token from POST /v1/wechat/session (audience `citizen`, 2 hours).',
        },
      },
    },
  };
}

function components(): Record<string, unknown> {
  const out: Record<string, unknown> = { Error: ERROR };
  for (const part of [requestBodies(), registrySchemas(R.responseSchemas, 'output')]) {
    for (const [id, schema] of Object.entries(part)) {
      if (id in out) throw new Error(`two component schemas named ${id}`);
      out[id] = schema;
    }
  }
  return out;
}

/**
 * The request bodies, in the route table's order. Each is built on its first use (schemas.ts), so
 * the registry holds them in the order this process happened to need them: building them here,
 * route by route, gives every process the same document.
 */
function requestBodies(): Record<string, unknown> {
  const ids = ROUTE_LIST.flatMap((route) => {
    const id = route.body && z.globalRegistry.get(route.body())?.id;
    return id ? [id] : [];
  });
  const all = registrySchemas(z.globalRegistry, 'input');
  return Object.fromEntries([...new Set([...ids, ...Object.keys(all)])].map((id) => [id, all[id]]));
}

/** Request bodies carry `.meta({ id })`: they are published once under components and referred to. */
function bodyRef(schema: z.core.$ZodType) {
  const id = z.globalRegistry.get(schema)?.id;
  return id ? { $ref: `#/components/schemas/${id}` } : z.toJSONSchema(schema, { io: 'input' });
}

/** A registry's named schemas as components, without the `$id`/`$schema` that standalone schemas carry. */
function registrySchemas(
  registry: z.core.$ZodRegistry<{ id?: string | undefined }>,
  io: 'input' | 'output',
): Record<string, unknown> {
  const out = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(out.schemas).map(([id, schema]) => {
      const { $id: _id, $schema: _schema, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

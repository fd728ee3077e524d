import type * as z from 'zod';
import type * as R from './responses';
import * as S from './schemas';

/**
 * Who may call a route: staff only (the JWT authorizer runs first); anyone, a member of staff or a
 * signed-in WeChat citizen recognised by their token; a signed-in citizen only (their session
 * token, audience `citizen`: never a staff token); anyone, unrecognised.
 */
export type Auth = 'staff' | 'optional' | 'citizen' | 'none';

/**
 * The API's routes in one table, keyed by the name of the handler that serves each. The CDK app
 * makes one Lambda and one HTTP API route of each, the local server serves the same handlers on
 * the same paths, the OpenAPI document is generated from it, and each handler is built from its
 * entry (`httpHandler(ROUTES.name, fn)`), so authentication, validation and the success status
 * are declared once. `entry` names the file in functions/api that exports the handler.
 */
export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  /** The status of a successful answer. */
  status: 200 | 201;
  /**
   * The body of each successful answer, by status: the name of its schema in
   * functions/api/responses.ts. The OpenAPI document describes it, the web pages' client is typed
   * by it, test/api/responses.test.ts holds the handler's real answers to it. A name, not the
   * schema: no handler needs the response schemas at run time, so only the function that serves
   * the document builds them (building them all cost every function ~7 ms of its cold start).
   */
  responses: { [S in 200 | 201]?: ResponseName };
  auth: Auth;
  entry:
    | 'requests'
    | 'orders'
    | 'courts'
    | 'openapi'
    | 'evaluations'
    | 'reports'
    | 'wechat'
    | 'me'
    | 'knowledge'
    | 'typical-cases'
    | 'admin'
    | 'bulletins'
    | 'inbox';
  /**
   * What the call takes, each built on first use (functions/api/schemas.ts): a function serves
   * several routes but a call only one, so only that route's schemas are ever built.
   */
  body?: () => z.core.$ZodType;
  query?: () => z.core.$ZodType;
  params?: () => z.core.$ZodType;
  /** A GET that still writes (it counts access-code guesses). @default GETs read, POSTs write */
  writesOnGet?: true;
  /**
   * A POST whose work is one conditional write that carries its call (filing a request): the
   * item's key derives from the Idempotency-Key and the item keeps the body's fingerprint, so that
   * write is the key's claim, the work and the kept answer at once, and the idempotency table is
   * not written (functions/commons/http/idempotency.ts). @default the key is claimed in the table
   */
  claimedByItsWrite?: true;
}

/** The response schemas of functions/api/responses.ts, by their exported names. */
export type ResponseName = {
  [K in keyof typeof R]: (typeof R)[K] extends z.core.$ZodType ? K : never;
}[keyof typeof R];

/**
 * Entries whose routes share one Lambda (exported as `routes`, functions/commons/http/dispatch.ts)
 * instead of one each. A route costs the stack about nine CloudFormation resources (function,
 * role, policy, log group, two alarms, integration, permission, route), and a stack holds 500:
 * with issue 20's seven routes as seven functions it held 509. The center's own work (knowledge
 * base, typical cases, issue 22's directory) is called far less than intake and orders, so it shares.
 */
export const SHARED_FUNCTIONS: ReadonlySet<RouteDef['entry']> = new Set([
  'knowledge',
  'typical-cases',
  'admin',
  // The month's ranking and a court's 通报 (read a few times a month).
  'bulletins',
  // The monthly and daily figures, a WeChat citizen's own calls, ratings: one function each, so the
  // stack stays under CloudFormation's 500 resources (each route's own function costs about 9).
  'reports',
  'me',
  'evaluations',
]);
/** The export of a shared entry that serves all its routes. */
export const SHARED_HANDLER = 'routes';

/** What the route's function may do to the main table: its IAM grant follows from this. */
export const writesData = (route: RouteDef): boolean => route.method === 'POST' || route.writesOnGet === true;

/** Keeps each route's literal types (its auth mode, its schemas) for the handler built from it. */
const route = <const R extends RouteDef>(r: R): R => r;

export const ROUTES = {
  getOpenApi: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'OpenApiDocument' },
    path: '/v1/openapi.json',
    auth: 'none',
    entry: 'openapi',
  }),
  listCourts: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'Courts' },
    path: '/v1/courts',
    auth: 'none',
    entry: 'courts',
  }),
  createRequest: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'CreatedRequest' },
    path: '/v1/requests',
    auth: 'optional',
    entry: 'requests',
    body: S.CreateRequestBody,
    claimedByItsWrite: true,
  }),
  getRequest: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'RequestWithOrder' },
    path: '/v1/requests/{trackingNo}',
    auth: 'optional',
    entry: 'requests',
    writesOnGet: true,
    params: S.TrackingNoParams,
  }),
  settle: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'SettledRequest' },
    path: '/v1/requests/{requestId}/settle',
    auth: 'staff',
    entry: 'requests',
    params: S.RequestIdParams,
    body: S.SettleBody,
  }),
  createOrder: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'CreatedOrder' },
    path: '/v1/requests/{requestId}/orders',
    auth: 'staff',
    entry: 'requests',
    params: S.RequestIdParams,
    body: S.CreateOrderBody,
  }),
  listOrders: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'OrderPage' },
    path: '/v1/orders',
    auth: 'staff',
    entry: 'orders',
    query: S.OrdersQuery,
  }),
  getOrder: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'OrderDetail' },
    path: '/v1/orders/{orderId}',
    auth: 'staff',
    entry: 'orders',
    // An unmasked view of the citizen is written to the access log.
    writesOnGet: true,
    params: S.OrderIdParams,
  }),
  accept: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/accept',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
  }),
  giveBack: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/return',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ReturnBody,
  }),
  dispatch: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/dispatch',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.DispatchBody,
  }),
  requestExtension: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/extension',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ExtensionBody,
  }),
  decideExtension: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/extension/decision',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.DecisionBody,
  }),
  decideReturn: route({
    method: 'POST',
    status: 200,
    path: '/v1/orders/{orderId}/return/decision',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ReturnDecisionBody,
    responses: { 200: 'Order' },
  }),
  decideReply: route({
    method: 'POST',
    status: 200,
    path: '/v1/orders/{orderId}/reply/decision',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ReplyDecisionBody,
    responses: { 200: 'Order' },
  }),
  urge: route({
    method: 'POST',
    status: 200,
    path: '/v1/orders/{orderId}/urge',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.UrgeBody,
    responses: { 200: 'Order' },
  }),
  reply: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/reply',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ReplyBody,
  }),
  callback: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/callback',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.CallbackBody,
  }),
  review: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'Order' },
    path: '/v1/orders/{orderId}/review',
    auth: 'staff',
    entry: 'orders',
    params: S.OrderIdParams,
    body: S.ReviewBody,
  }),
  mintEvaluationToken: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'MintedToken' },
    path: '/v1/evaluation-tokens',
    auth: 'optional',
    entry: 'evaluations',
    body: S.MintTokenBody,
  }),
  getEvaluationToken: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'EvaluationTokenState' },
    path: '/v1/evaluation-tokens/{token}',
    auth: 'none',
    entry: 'evaluations',
    params: S.EvaluationTokenParams,
  }),
  createEvaluation: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'Evaluation' },
    path: '/v1/evaluations',
    auth: 'optional',
    entry: 'evaluations',
    body: S.EvaluationBody,
  }),
  getMonthlyReport: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'Report' },
    path: '/v1/reports/monthly',
    auth: 'staff',
    entry: 'reports',
    query: S.MonthlyReportQuery,
  }),
  getDailyReport: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'Report' },
    path: '/v1/reports/daily',
    auth: 'staff',
    entry: 'reports',
    query: S.DailyReportQuery,
  }),
  getRanking: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'Ranking' },
    path: '/v1/reports/ranking',
    auth: 'staff',
    entry: 'bulletins',
    query: S.RankingQuery,
  }),
  getBulletin: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'Bulletin' },
    path: '/v1/reports/bulletin',
    auth: 'staff',
    entry: 'bulletins',
    query: S.BulletinQuery,
  }),
  loadCalendarYear: route({
    method: 'POST',
    status: 200,
    path: '/v1/admin/calendar/{year}',
    auth: 'staff',
    // Served with the order routes: loading a year moves open orders' deadlines.
    entry: 'orders',
    params: S.CalendarYearParams,
    body: S.CalendarYearBody,
    responses: { 200: 'CalendarLoad' },
  }),
  findRequestsByPhone: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'CallerRequestPage' },
    path: '/v1/requests',
    auth: 'staff',
    entry: 'requests',
    query: S.PhoneQuery,
  }),
  listInbox: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'InboxPage' },
    path: '/v1/inbox',
    auth: 'staff',
    // A function and bundle of its own: in the knowledge base's or the requests' it put that
    // bundle over its 150 KB budget.
    entry: 'inbox',
    query: S.PageQuery,
  }),
  linkRepeat: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'LinkedRequest' },
    path: '/v1/requests/{requestId}/link',
    auth: 'staff',
    entry: 'requests',
    params: S.RequestIdParams,
    body: S.LinkBody,
  }),
  getAccessLog: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'AccessLog' },
    path: '/v1/requests/{trackingNo}/access-log',
    auth: 'staff',
    entry: 'requests',
    params: S.TrackingNoParams,
    query: S.PageQuery,
  }),
  createWeChatSession: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'CitizenSession' },
    path: '/v1/wechat/session',
    auth: 'none',
    entry: 'wechat',
    body: S.WeChatSessionBody,
  }),
  listMyRequests: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'RequestPage' },
    path: '/v1/me/requests',
    auth: 'citizen',
    entry: 'me',
    query: S.PageQuery,
  }),
  grantSubscriptions: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'SubscriptionGrants' },
    path: '/v1/me/subscriptions',
    auth: 'citizen',
    entry: 'me',
    body: S.SubscriptionsBody,
  }),
  // Issue 20: the knowledge base (its own functions: only they carry the search library) and typical cases.
  searchKnowledge: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'KnowledgePage' },
    path: '/v1/knowledge',
    auth: 'staff',
    entry: 'knowledge',
    query: S.KnowledgeQuery,
  }),
  createKnowledge: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'KnowledgeEntry' },
    path: '/v1/knowledge',
    auth: 'staff',
    entry: 'knowledge',
    body: S.CreateKnowledgeBody,
  }),
  getKnowledge: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'KnowledgeDetail' },
    path: '/v1/knowledge/{knowledgeId}',
    auth: 'staff',
    entry: 'knowledge',
    params: S.KnowledgeIdParams,
  }),
  reviseKnowledge: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'KnowledgeEntry' },
    path: '/v1/knowledge/{knowledgeId}',
    auth: 'staff',
    entry: 'knowledge',
    params: S.KnowledgeIdParams,
    body: S.ReviseKnowledgeBody,
  }),
  nominateTypicalCase: route({
    method: 'POST',
    status: 201,
    responses: { 201: 'TypicalCase' },
    path: '/v1/orders/{orderId}/typical-case',
    auth: 'staff',
    entry: 'typical-cases',
    params: S.OrderIdParams,
    body: S.NominateBody,
  }),
  decideTypicalCase: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'TypicalCase' },
    path: '/v1/typical-cases/{caseId}/decision',
    auth: 'staff',
    entry: 'typical-cases',
    params: S.CaseIdParams,
    body: S.CaseDecisionBody,
  }),
  withdrawTypicalCase: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'TypicalCase' },
    path: '/v1/typical-cases/{caseId}/withdrawal',
    auth: 'staff',
    entry: 'typical-cases',
    params: S.CaseIdParams,
    body: S.CaseWithdrawalBody,
  }),
  listTypicalCases: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'TypicalCasePage' },
    path: '/v1/typical-cases',
    auth: 'optional',
    entry: 'typical-cases',
    query: S.TypicalCasesQuery,
  }),
  listDirectoryStaff: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'StaffPage' },
    path: '/v1/admin/staff',
    auth: 'staff',
    entry: 'admin',
    query: S.AdminStaffQuery,
  }),
  changeDirectoryStaff: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'StaffChanged' },
    path: '/v1/admin/staff',
    auth: 'staff',
    entry: 'admin',
    body: S.StaffChangeBody,
  }),
  listDirectoryCourts: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'DirectoryCourtPage' },
    path: '/v1/admin/courts',
    auth: 'staff',
    entry: 'admin',
    query: S.PageQuery,
  }),
  changeDirectoryCourt: route({
    method: 'POST',
    status: 200,
    responses: { 200: 'CourtChanged' },
    path: '/v1/admin/courts',
    auth: 'staff',
    entry: 'admin',
    body: S.CourtChangeBody,
  }),
  listDirectoryChanges: route({
    method: 'GET',
    status: 200,
    responses: { 200: 'DirectoryChangePage' },
    path: '/v1/admin/changes',
    auth: 'staff',
    entry: 'admin',
    query: S.PageQuery,
  }),
} as const;

export type RouteName = keyof typeof ROUTES;

/** The table as a list, each route with its handler's name: for the CDK app, the local server, OpenAPI. */
export const ROUTE_LIST: readonly (RouteDef & { name: RouteName })[] = Object.entries(ROUTES).map(
  ([name, r]) => ({ ...(r as RouteDef), name: name as RouteName }),
);

import type * as z from 'zod';
import type { Auth } from '../commons/http';
import * as S from './schemas';

/**
 * The API's routes in one table: the CDK app makes one Lambda and one HTTP API route of each,
 * the local server serves the same handlers on the same paths, and the OpenAPI document is
 * generated from it. `entry` names the file in functions/api, `handler` its export.
 */
export interface RouteDef {
  method: 'GET' | 'POST';
  path: string;
  auth: Auth;
  entry: 'requests' | 'orders' | 'courts' | 'openapi' | 'evaluations' | 'reports';
  handler: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export const ROUTES: readonly RouteDef[] = [
  {
    method: 'GET',
    path: '/v1/openapi.json',
    auth: 'none',
    entry: 'openapi',
    handler: 'getOpenApi',
    summary: 'This document',
  },
  {
    method: 'GET',
    path: '/v1/courts',
    auth: 'none',
    entry: 'courts',
    handler: 'listCourts',
    summary: 'The court directory',
  },
  {
    method: 'POST',
    path: '/v1/requests',
    auth: 'optional',
    entry: 'requests',
    handler: 'createRequest',
    summary: 'A new request (hotline and window: agents only)',
    body: S.CreateRequestBody,
  },
  {
    method: 'GET',
    path: '/v1/requests/{trackingNo}',
    auth: 'optional',
    entry: 'requests',
    handler: 'getRequest',
    summary: 'A request and its order: the citizen with X-Access-Code, or staff',
    params: S.TrackingNoParams,
  },
  {
    method: 'POST',
    path: '/v1/requests/{requestId}/settle',
    auth: 'staff',
    entry: 'requests',
    handler: 'settle',
    summary: 'Settle at first contact (agent)',
    params: S.RequestIdParams,
    body: S.SettleBody,
  },
  {
    method: 'POST',
    path: '/v1/requests/{requestId}/orders',
    auth: 'staff',
    entry: 'requests',
    handler: 'createOrder',
    summary: 'Create the work order (agent)',
    params: S.RequestIdParams,
    body: S.CreateOrderBody,
  },
  {
    method: 'GET',
    path: '/v1/orders',
    auth: 'staff',
    entry: 'orders',
    handler: 'listOrders',
    summary: 'Orders visible to the caller',
    query: S.OrdersQuery,
  },
  {
    method: 'GET',
    path: '/v1/orders/{orderId}',
    auth: 'staff',
    entry: 'orders',
    handler: 'getOrder',
    summary: 'One order with its history',
    params: S.OrderIdParams,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/accept',
    auth: 'staff',
    entry: 'orders',
    handler: 'accept',
    summary: 'Sign for the order',
    params: S.OrderIdParams,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/return',
    auth: 'staff',
    entry: 'orders',
    handler: 'giveBack',
    summary: 'Return a wrongly routed order (within 1 working day)',
    params: S.OrderIdParams,
    body: S.ReturnBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/dispatch',
    auth: 'staff',
    entry: 'orders',
    handler: 'dispatch',
    summary: 'Re-dispatch a returned order (agent)',
    params: S.OrderIdParams,
    body: S.DispatchBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/extension',
    auth: 'staff',
    entry: 'orders',
    handler: 'requestExtension',
    summary: 'Ask once for more time',
    params: S.OrderIdParams,
    body: S.ExtensionBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/extension/decision',
    auth: 'staff',
    entry: 'orders',
    handler: 'decideExtension',
    summary: 'Approve or reject the extension (supervisor)',
    params: S.OrderIdParams,
    body: S.DecisionBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/reply',
    auth: 'staff',
    entry: 'orders',
    handler: 'reply',
    summary: "The court's answer",
    params: S.OrderIdParams,
    body: S.ReplyBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/callback',
    auth: 'staff',
    entry: 'orders',
    handler: 'callback',
    summary: 'Callback to the citizen (agent)',
    params: S.OrderIdParams,
    body: S.CallbackBody,
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/review',
    auth: 'staff',
    entry: 'orders',
    handler: 'review',
    summary: "Close after the last reopen (superior court's supervisor)",
    params: S.OrderIdParams,
    body: S.ReviewBody,
  },

  {
    method: 'POST',
    path: '/v1/evaluation-tokens',
    auth: 'optional',
    entry: 'evaluations',
    handler: 'mintEvaluationToken',
    summary: 'A one-time rating token: window service, hotline call (sent by SMS) or online session',
    body: S.MintTokenBody,
  },
  {
    method: 'POST',
    path: '/v1/evaluations',
    auth: 'optional',
    entry: 'evaluations',
    handler: 'createEvaluation',
    summary: 'Rate once with a token',
    body: S.EvaluationBody,
  },
  {
    method: 'GET',
    path: '/v1/reports/monthly',
    auth: 'staff',
    entry: 'reports',
    handler: 'getMonthlyReport',
    summary: "A month's figures for a court and every court below it (auditors, supervisors)",
    query: S.MonthlyReportQuery,
  },
  {
    method: 'GET',
    path: '/v1/reports/daily',
    auth: 'staff',
    entry: 'reports',
    handler: 'getDailyReport',
    summary: "A day's figures for a court and every court below it (auditors, supervisors)",
    query: S.DailyReportQuery,
  },
];

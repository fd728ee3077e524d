/**
 * Every code an error answer can carry, each with what it means and what its `details` hold: the
 * one list the server raises from (`Refusal` and `HttpProblem` take only these) and the OpenAPI
 * document publishes as the enum of `Error.error.code`. The pages say each in Chinese from this
 * list (web/src/api/problems.ts); a code added here fails their type-check until it is worded.
 * The English `message` beside a code is for developers; people are shown the pages' words.
 */
export const ERROR_CODES = {
  // The request as the gateway sees it (API Gateway's own checks; local/api-gateway.ts locally)
  malformed_url: 'a character of the URL is not percent-encoded',
  malformed_path: 'the path holds a malformed percent-escape',
  malformed_request: 'the request is not valid HTTP/1.1',
  headers_too_large: 'the request headers are too large',
  method_not_allowed: 'the path has no route for this method',
  // The request as sent (functions/commons/http)
  invalid_body:
    'the body does not match the schema; details: [{path, code, message, missing?, minimum?, maximum?}] per field',
  invalid_query: 'a query parameter does not match the schema; details as invalid_body',
  malformed_json: 'the body is not valid JSON',
  too_deep: 'the body nests too deep',
  too_large: 'the body is too large',
  unsupported_media_type: 'the body is not sent as application/json',
  invalid_idempotency_key: 'the Idempotency-Key is too long, or too short for an anonymous caller',
  idempotency_mismatch: 'this Idempotency-Key was used with another body',
  idempotency_in_progress: 'a call with this Idempotency-Key is still running: retry after Retry-After',
  unauthorized: 'no token, or one that is not valid',
  forbidden: "the caller's role or court may not do this",
  wechat_session_required: 'a wechat request needs the mini program session',
  invalid_wechat_code: 'the WeChat login code is invalid or used',
  too_many_attempts: 'too many attempts (access codes, filings): retry after Retry-After',
  bad_cursor: 'the cursor is not one this list returned',
  not_found: "no such thing, or not the caller's to see; details: [{resource}]",
  // State
  wrong_state: 'the thing has moved on: details: [{status, allowed?}] when it names them',
  busy: 'others are changing the same thing: try again',
  return_window_closed: 'a court returns an order within 1 working day of dispatch; details: [{closedAt}]',
  review_pending: 'the order awaits a supervisor review',
  extension_asked: 'an order may ask for an extension only once',
  too_late: 'an extension is asked before the deadline; details: [{deadline}]',
  // Ratings
  unknown_token: 'no such rating token',
  token_used: 'the rating token has been used',
  token_expired: 'the rating token has expired; details: [{expiresAt}]',
  token_outdated: 'the order moved on since the rating link was sent',
  already_rated: 'this has already been rated',
  unknown_window: 'not a window code (court code and window number, such as 赣1126-W01)',
  wrong_channel: 'the request came by another channel',
  // Requests and orders
  unknown_court: 'no such court',
  court_merged: 'the court was merged into another',
  court_required: 'an approved return names the court it goes to',
  invalid_case_number: 'not a case number such as (2026)赣1126民初123号',
  unroutable: 'no court can be found for this request: choose one',
  firewall: 'complaints and interference reports go to a court above the court they concern',
  already_ordered: 'the request already has an order; details: [{orderId}]',
  case_has_open_order: 'the case already has an open order; details: [{orderId, trackingNo, status}]',
  invalid_extension: 'workingDays out of range',
  unknown_matter: 'the request it repeats has no matter of its own',
  self_repeat: 'a request cannot repeat itself',
  later_matter: 'a request can only repeat an earlier request',
  // Figures
  not_rolled_up: 'no figures for the period yet',
  // The center's own work
  already_nominated: 'the order is already a typical case; details: [{caseId}]',
  personal_data: 'a summary quotes personal data; details: the passages',
  exists: 'the knowledge entry exists',
  stale_revision: 'the entry was revised meanwhile; details: [{revision}]',
  unknown_knowledge: 'knowledge entries not found or not published; details: [{knowledgeId}]',
  unknown_typical_case: 'typical case not found or not published',
  incomplete: 'a new entry needs title, question, answer and category',
  invalid_calendar: "the year's calendar is not valid",
  unknown_template: 'not a subscription template of this service',
  // The directory
  court_exists: 'a court with this code exists',
  invalid_court_code: "a court's code is its parent's code and two digits, 01 to 99",
  court_name_taken: 'another court has this name or short name',
  member_exists: 'the member is already listed there',
  role_receives_no_mail: 'the directory lists only those who receive mail',
  agent_outside_center: "agents are the center's",
  leadership_outside_center: "the leadership are the center's supervisors",
  agent_in_supervision: "a supervision office is a court's",
  no_lower_level: 'nothing stands below a basic court',
  merge_into_itself: 'a court cannot be merged into itself',
  merge_high_court: 'the high court cannot be merged',
  merge_across_levels: 'courts of different levels cannot be merged',
  merge_with_courts_below: 'courts below still take orders',
  internal: 'a fault of ours, nothing the client sent',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

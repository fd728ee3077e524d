import type { ServerResponse } from 'node:http';
import { getContainer } from '../functions/commons/container';
import { problem, sendJson } from './api-gateway';
import { type LocalClock, MAX_CLOCK_MOVE_MS, parseDuration } from './clock';
import type { WeChatApiName, WeChatStandIn } from './wechat-stand-in';
import type { LocalWorkflowRunner } from './workflow-runner';

export interface ControlDeps {
  clock: LocalClock;
  workflows: LocalWorkflowRunner;
  advance: (change: { ms: number } | { to: Date }) => Promise<Date>;
  wechat: WeChatStandIn;
}

/** A time as `toISOString` writes it, or with an offset (`+08:00`; encode the `+` in a URL as %2B). */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A time in ISO_TIME's form that names a real instant, or null. `new Date` rolls 24:00 and 02-30
 * over to the next day, and an offset can carry 9999-12-31 into the year 10000, whose ISO string
 * (`+010000-…`) sorts before every stored time: both are refused.
 */
function parseTime(text: string): Date | null {
  const m = ISO_TIME.exec(text);
  const time = new Date(text);
  if (!m || Number.isNaN(time.getTime())) return null;
  const offset =
    m[3] === 'Z'
      ? 0
      : (m[3]!.startsWith('-') ? -1 : 1) * (Number(m[3]!.slice(1, 3)) * 60 + Number(m[3]!.slice(4)));
  const asWritten = new Date(time.getTime() + offset * 60_000).toISOString();
  if (asWritten.slice(0, 16) !== text.slice(0, 16) || !/^\d{4}-/.test(time.toISOString())) return null;
  return time;
}

const WECHAT_APIS: WeChatApiName[] = ['jscode2session', 'stable_token', 'subscribe/send'];

/** `/_local/*`: what exists only on one machine, the movable clock and the outbox (API.md, "Local mode only"). */
export async function serveControlCall(
  method: string,
  url: URL,
  body: Buffer,
  res: ServerResponse,
  local: ControlDeps,
): Promise<void> {
  if (method === 'POST' && url.pathname === '/_local/clock') {
    let input: { advance?: unknown; to?: unknown };
    try {
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, problem('malformed_json', 'the body is not valid JSON'));
    }
    // Both at once would move the clock by one and drop the other, silently: say which.
    if (input && typeof input === 'object' && 'advance' in input && 'to' in input)
      return sendJson(
        res,
        400,
        problem('ambiguous_clock_move', 'give either {"advance": "P2D"} or {"to": "<ISO time>"}, not both'),
      );
    let change: { ms: number } | { to: Date } | null = null;
    if (typeof input?.advance === 'string') {
      const ms = parseDuration(input.advance);
      if (ms !== null) change = { ms };
    } else if (typeof input?.to === 'string' && !Number.isNaN(Date.parse(input.to))) {
      change = { to: new Date(input.to) };
    }
    if (!change)
      return sendJson(res, 422, problem('invalid_body', 'give {"advance": "P2D"} or {"to": "<ISO time>"}'));
    if ('to' in change && change.to < local.clock.now())
      return sendJson(res, 409, problem('clock_backwards', 'the clock only moves forward'));
    const target = 'to' in change ? change.to.getTime() : local.clock.now().getTime() + change.ms;
    if (target - local.clock.now().getTime() > MAX_CLOCK_MOVE_MS)
      return sendJson(
        res,
        422,
        problem(
          'clock_too_far',
          'the clock moves at most 10 years at a time: every nightly job on the way runs',
        ),
      );
    try {
      const now = await local.advance(change);
      return sendJson(res, 200, { now: now.toISOString() });
    } catch (error) {
      // A target passed meanwhile by a move sent together with this one, which went first.
      if (error instanceof RangeError)
        return sendJson(res, 409, problem('clock_backwards', 'the clock only moves forward'));
      throw error;
    }
  }
  if (method === 'GET' && url.pathname === '/_local/clock')
    return sendJson(res, 200, { now: local.clock.now().toISOString() });
  if (method === 'GET' && url.pathname === '/_local/outbox') {
    // `?since=<ISO time>`: only what was sent at or after it (the whole outbox grows with every call).
    const given = url.searchParams.getAll('since');
    const since = given.length === 0 ? undefined : given.length === 1 ? parseTime(given[0]!) : null;
    if (since === null)
      return sendJson(
        res,
        400,
        problem('invalid_query', 'since must be an ISO 8601 time with its offset, e.g. 2026-12-01T09:00:00Z'),
      );
    // Workflows started by the last call may still be sending: show what they send.
    await local.workflows.settle();
    const items = (await getContainer().outbox?.list({ since })) ?? [];
    return sendJson(res, 200, { items });
  }
  // The WeChat stand-in's next answer to one API: `{"api": "subscribe/send", "errcode": 43101}`.
  if (method === 'POST' && url.pathname === '/_local/wechat/fail') {
    let input: { api?: unknown; errcode?: unknown } = {};
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return sendJson(res, 400, problem('malformed_json', 'the body is not valid JSON'));
    }
    const api = WECHAT_APIS.find((a) => a === input.api);
    if (!api || typeof input.errcode !== 'number' || !Number.isInteger(input.errcode))
      return sendJson(
        res,
        422,
        problem('invalid_body', `give {"api": one of ${WECHAT_APIS.join(', ')}, "errcode": n}`),
      );
    local.wechat.failNext(api, input.errcode);
    return sendJson(res, 200, { api, errcode: input.errcode });
  }
  return sendJson(res, 404, problem('not_found', `no route ${method} ${url.pathname}`));
}

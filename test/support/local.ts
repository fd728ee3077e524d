import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboxItem } from '../../adapters/outbox';

export type { OutboxItem };

import type { StaffRole } from '../../domain/access';
import { WorkingCalendar } from '../../domain/working-days';
import { type LocalStack, startLocalStack } from '../../local/stack';

/**
 * A real local stack for a test file: dynalite in a temporary folder, the in-process workflow
 * engine and the HTTP server on a free port. Tests talk to it over HTTP, as the front ends do.
 */
export interface TestStack {
  stack: LocalStack;
  dataDir: string;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  /** A staff token; `unit: 'supervision'` for a member of the court's supervision office. */
  token(role: StaffRole, court: string, sub?: string, unit?: 'supervision'): Promise<string>;
  /** Moves the shared clock, as POST /_local/clock does, and waits for what fell due. */
  advance(change: { advance: string } | { to: string }): Promise<void>;
  outbox(): Promise<OutboxItem[]>;
  /** Stops the stack and starts it again on the same data; `whileStopped` runs in between. */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions
export type Reply = { status: number; body: any };

export const calendar = new WorkingCalendar();

/**
 * The calendar the tests name instead of today's date (issue 19): a suite that counted from
 * `Date.now()` passed in November and failed in December, when its "plain" weeks ran into the New
 * Year. Each stack's clock starts where its test says (a new data folder's clock may start in the
 * past), so the suite passes on any day it runs.
 *
 * 09:00 Shanghai on Monday 9 March 2026: four plain working weeks follow (清明 is 4-6 April), and
 * test/domain/test-calendar.test.ts proves it.
 */
export const PLAIN_MONDAY = new Date('2026-03-09T01:00:00Z');

/**
 * Mondays 09:00 Shanghai whose next two weeks cross a holiday on purpose: each is a week before
 * the holiday, so a ladder or a callback started then runs into it.
 */
export const HOLIDAY_MONDAYS = {
  /** 清明 (4-6 April 2026, Saturday to Monday). */
  qingming: new Date('2026-03-30T01:00:00Z'),
  /** 劳动节 (1-5 May 2026; Saturday 9 May is a working day). */
  labourDay: new Date('2026-04-27T01:00:00Z'),
  /** 中秋 (25-27 September 2026) and 国庆 (1-7 October); Saturday 10 October is a working day. */
  nationalDay: new Date('2026-09-21T01:00:00Z'),
  /** 元旦 2027 on the fallback calendar (1 January off, no 调休 known): the day the suite first failed. */
  newYear2027: new Date('2026-12-21T01:00:00Z'),
} as const;

/**
 * `memory`: dynalite without its LevelDB on disk (the same engine and validation), in a worker
 * thread as `npm run simulate -- --memory` runs it, for a test that never restarts the stack (a
 * restart would find an empty database). @default false
 */
export async function startTestStack(options: { startAt?: Date; memory?: boolean } = {}): Promise<TestStack> {
  // startAt: where the stack's clock starts. @default PLAIN_MONDAY
  const dataDir = mkdtempSync(join(tmpdir(), 'minyi-test-'));
  const persist = !options.memory;
  let stack = await startLocalStack({
    port: 0,
    dataDir,
    persist,
    clockStart: options.startAt ?? PLAIN_MONDAY,
  });

  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${stack.url}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  const t: TestStack = {
    get stack() {
      return stack;
    },
    dataDir,
    call,
    token: (role, court, sub, unit) =>
      stack.tokens.mint({ sub: sub ?? `${role}-${court}`, role, court, ...(unit ? { unit } : {}) }),
    advance: async (change) => {
      const reply = await call('POST', '/_local/clock', { body: change });
      if (reply.status !== 200) throw new Error(`clock: ${JSON.stringify(reply.body)}`);
    },
    outbox: async () => (await call('GET', '/_local/outbox')).body.items,
    restart: async (whileStopped) => {
      if (!persist) throw new Error('a stack held in memory cannot restart');
      await stack.stop();
      await whileStopped?.();
      stack = await startLocalStack({ port: 0, dataDir });
    },
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}

export const citizen = {
  name: '张小明',
  phone: '13912345678',
};

/**
 * A case number of its own for each order a test makes (issue 20: a second order for a case
 * with one open is refused without the agent's reason).
 */
let caseSerial = 100;
const nextCaseNumber = () => `(2026)赣1126民初${caseSerial++}号`;

/** Files a web request and, as the center's agent, turns it into an order. */
export async function newOrder(
  t: TestStack,
  body: Partial<{
    category: string;
    caseNumber: string;
    courtCode: string;
    channel: string;
    content: string;
  }> = {},
): Promise<{
  orderId: string;
  requestId: string;
  trackingNo: string;
  accessCode: string;
  courtCode: string;
  deadline: string;
}> {
  // A wechat request comes from the mini program, with its citizen's WeChat session.
  const wechat =
    body.channel === 'wechat'
      ? (await t.call('POST', '/v1/wechat/session', { body: { code: 'local-test-citizen' } })).body.token
      : undefined;
  const request = await t.call('POST', '/v1/requests', {
    ...(wechat ? { token: wechat } : {}),
    body: {
      channel: 'web',
      category: 'case_progress',
      content: '我的案件一直没有开庭通知，想了解进展。',
      contact: citizen,
      caseNumber: nextCaseNumber(),
      ...body,
    },
  });
  if (request.status !== 201) throw new Error(`request: ${JSON.stringify(request.body)}`);
  const agent = await t.token('agent', '赣');
  const order = await t.call('POST', `/v1/requests/${request.body.requestId}/orders`, {
    token: agent,
    body: {},
  });
  if (order.status !== 201) throw new Error(`order: ${JSON.stringify(order.body)}`);
  // The order's workflow starts asynchronously, as on AWS; let its first tick (the court's notice)
  // run before the test acts, as a court acts after being notified.
  await t.stack.workflows.settle();
  return { ...request.body, ...order.body };
}

/** The Shanghai wall time `days` calendar days after `monday`, at `hhmm`, as UTC ISO. */
export function shanghai(monday: Date, days: number, hhmm: string): string {
  const date = new Date(monday.getTime() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return new Date(`${date}T${hhmm}:00+08:00`).toISOString();
}

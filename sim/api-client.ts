import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { LocalTokens } from '../adapters/tokens';
import type { StaffRole } from '../domain/access';
import { type LocalStack, startLocalStack } from '../local/stack';

// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field
export type Reply = { status: number; body: any };

/** The local API as the command-line tools use it: HTTP calls, staff tokens, the clock, the outbox. */
export interface ApiClient {
  url: string;
  call(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<Reply>;
  /** A staff token; `unit: 'supervision'` for the court's supervision office (firewalled orders). */
  token(role: StaffRole, court: string, sub?: string, unit?: 'supervision'): Promise<string>;
  now(): Promise<Date>;
  advanceTo(at: Date): Promise<void>;
  /** Wall milliseconds each nightly job has run so far, when the stack runs in this process. */
  jobMs?(): Record<string, number>;
  /** The process's CPU milliseconds while each nightly job ran, when the stack runs in this process. */
  jobCpuMs?(): Record<string, number>;
  /** dynalite's thread's event-loop use so far, when the stack runs in this process in memory. */
  dynamoLoop?(): EventLoopUtilization | null;
  close(): Promise<void>;
}

/**
 * Talks to the server at `url` when one answers there (`npm start` in another terminal), or
 * starts the local stack in-process on `$DATA_DIR` for the duration of the command and hands
 * each call to its API Gateway stand-in directly (no socket: the same route, authorizer and
 * handler), and, held in memory, dynalite in a thread of its own on the machine's other core.
 */
export async function connect(
  url: string | undefined,
  dataDir = resolve(process.env.DATA_DIR ?? '.data'),
  { persist = true }: { persist?: boolean } = {},
): Promise<ApiClient> {
  let stack: LocalStack | null = null;
  let base = url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  if (!(await answers(base))) {
    if (url) throw new Error(`no API answers at ${url}`);
    // A province's citizens from one address: the per-client limits would refuse them (a server
    // started for a simulation takes CLIENT_LIMITS=off the same way).
    process.env.CLIENT_LIMITS ??= 'off';
    stack = await startLocalStack({ port: 0, dataDir, persist });
    base = stack.url;
  }
  const secretFile = join(dataDir, 'jwt-secret');
  if (!existsSync(secretFile))
    throw new Error(`no ${secretFile}: is the server at ${base} using DATA_DIR=${dataDir}?`);
  const tokens = new LocalTokens(readFileSync(secretFile, 'utf8').trim());
  const cache = new Map<string, string>();
  if (!stack) await assertTokensAccepted(base, tokens, dataDir);

  const call = async (
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (stack && !path.startsWith('/_local/')) {
      const answer = await stack.invoke({ method, path, headers, ...(body === undefined ? {} : { body }) });
      return { status: answer.status, body: answer.body ? JSON.parse(answer.body) : null };
    }
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  return {
    url: base,
    call,
    token: async (role, court, sub, unit) => {
      const key = `${role}|${court}|${sub ?? ''}|${unit ?? ''}`;
      let token = cache.get(key);
      if (!token) {
        const claims = { sub: sub ?? `sim-${role}-${court}${unit ? `-${unit}` : ''}`, role, court };
        token = await tokens.mint(unit ? { ...claims, unit } : claims, 7 * 24 * 3600);
        cache.set(key, token);
      }
      return token;
    },
    now: async () => (stack ? stack.clock.now() : new Date((await call('GET', '/_local/clock')).body.now)),
    advanceTo: async (at) => {
      if (stack) {
        await stack.advance({ to: at });
        return;
      }
      const reply = await call('POST', '/_local/clock', { body: { to: at.toISOString() } });
      if (reply.status !== 200) throw new Error(`clock: ${JSON.stringify(reply.body)}`);
    },
    ...(stack
      ? { jobMs: () => stack.jobMs(), jobCpuMs: () => stack.jobCpuMs(), dynamoLoop: () => stack.dynamoLoop() }
      : {}),
    close: async () => {
      await stack?.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_local/clock`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Tokens are signed with the secret of the data folder this command reads: a server on another
 * folder refuses every one of them (401 on every call). Said once, before the run, with the fix.
 */
async function assertTokensAccepted(base: string, tokens: LocalTokens, dataDir: string): Promise<void> {
  const token = await tokens.mint({ sub: 'sim-probe', role: 'agent', court: '赣' }, 60);
  const res = await fetch(`${base}/v1/orders?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 401) return;
  throw new Error(
    `the server at ${base} refused a token signed with ${join(dataDir, 'jwt-secret')}: it runs on another data folder. ` +
      `Give this command the server's DATA_DIR, e.g. DATA_DIR=/path/the/server/uses npm run simulate -- --url ${base}`,
  );
}

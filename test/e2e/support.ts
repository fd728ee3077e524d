import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * `npm start` as a user runs it, for the end-to-end tests: `tsx local/start.ts` in its own process
 * group on a data folder and a port, killed with SIGKILL (no goodbye) and started again on the
 * same data. Tokens come from `npm run token`'s script, plain HTTP from node:http.
 */
export const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class NpmStart {
  private server: ChildProcess | null = null;

  /** `clockStart`: where the new data folder's clock starts (CLOCK_START). */
  constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly clockStart?: Date,
  ) {}

  /** The process group's id (its leader is the spawned tsx). */
  get pid(): number | undefined {
    return this.server?.pid;
  }

  get running(): boolean {
    return this.server !== null && this.server.exitCode === null && this.server.signalCode === null;
  }

  /** Spawns the stack and waits for its "local stack on" line. */
  async start(): Promise<void> {
    const server = spawn(tsx, ['local/start.ts'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        ...(this.clockStart ? { CLOCK_START: this.clockStart.toISOString() } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: tsx runs the script in a child, and a kill must reach both.
      detached: true,
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      server.stderr!.on('data', (chunk) => {
        out += String(chunk);
      });
      server.stdout!.on('data', (chunk) => {
        out += String(chunk);
        if (out.includes('local stack on')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${out}`)));
      server.once('error', reject);
    });
  }

  /** SIGKILL to the whole process group; resolves once the port no longer takes connections. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server || !this.running) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    process.kill(-server.pid!, 'SIGKILL');
    await exited;
    // tsx's child (the stack itself) dies with the group; wait until its socket is gone too,
    // so that the next start finds the port and the data folder's lock free.
    for (let i = 0; i < 100 && (await accepts(this.port)); i++) await sleep(20);
  }

  /** A staff token, as `npm run token -- --role R --court C` prints it for this data folder. */
  token(role: string, court: string): string {
    return execFileSync(tsx, ['local/token.ts', '--role', role, '--court', court], {
      env: { ...process.env, DATA_DIR: this.dataDir },
      encoding: 'utf8',
    }).trim();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in assertions
export type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: any };

/**
 * One HTTP call on a connection of its own (no keep-alive pool: after a kill, no call may go out
 * on a socket of the dead process). Rejects when no answer comes back (reset, refused).
 */
export function send(
  port: number,
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    /** The loopback address to call from (127.0.0.2, .3, ...): another client to the stack. @default 127.0.0.1 */
    from?: string;
  } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const where = { host: '127.0.0.1', port, method, path, headers, agent: false };
    const req = httpRequest(options.from ? { ...where, localAddress: options.from } : where, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('close', () => {
        if (!res.complete) reject(new Error('the connection closed before the answer ended'));
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
          });
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

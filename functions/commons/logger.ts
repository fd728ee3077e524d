import { Console } from 'node:console';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * One structured logger per process: a JSON object a line, with the keys, levels and settings of
 * Powertools for AWS Lambda's Logger (level, message, timestamp, service, cold_start, function_*,
 * xray_trace_id, then the line's own attributes; `POWERTOOLS_LOG_LEVEL` or `LOG_LEVEL`, the
 * Lambda's own log level winning; `POWERTOOLS_DEV` indents), so log queries read the same. Ours
 * rather than Powertools': its Logger (buffering, sampling, correlation ids, none of which we use)
 * was 24 KB of every function's bundle and ~3% of its cold import.
 *
 * Log lines carry ids, routes, roles and courts, never a citizen's name, phone or text (PIPL): no
 * handler logs an event or a body.
 */
const LEVELS = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;
type Attributes = Record<string, unknown>;

const levelNamed = (name: string | undefined): LevelName | undefined => {
  const upper = name?.toUpperCase();
  return upper && upper in LEVELS ? (upper as LevelName) : undefined;
};

export class Logger {
  readonly level: LevelName;
  private readonly service: string;
  private readonly indent: number;
  private readonly out: Console;
  private lambda: Attributes = {};
  private invocations = 0;
  private readonly provisioned: boolean;

  constructor(options: { serviceName: string }, env: Record<string, string | undefined> = process.env) {
    this.provisioned = env.AWS_LAMBDA_INITIALIZATION_TYPE === 'provisioned-concurrency';
    this.level =
      levelNamed(env.AWS_LAMBDA_LOG_LEVEL) ??
      levelNamed(env.POWERTOOLS_LOG_LEVEL) ??
      levelNamed(env.LOG_LEVEL) ??
      'INFO';
    this.service = env.POWERTOOLS_SERVICE_NAME || options.serviceName;
    const dev = env.POWERTOOLS_DEV === 'true' || env.POWERTOOLS_DEV === '1';
    this.indent = dev ? 4 : 0;
    // Our own console on the process's streams: the Lambda runtime's patched console would prefix each line.
    this.out = new Console({ stdout: process.stdout, stderr: process.stderr });
  }

  debug(message: string, attributes?: Attributes): void {
    this.write('DEBUG', message, attributes);
  }
  info(message: string, attributes?: Attributes): void {
    this.write('INFO', message, attributes);
  }
  warn(message: string, attributes?: Attributes): void {
    this.write('WARN', message, attributes);
  }
  error(message: string, attributes?: Attributes): void {
    this.write('ERROR', message, attributes);
  }

  /** The invocation's Lambda context on every line until the next one: cold start, function, request id. */
  addContext(context: Context): void {
    this.invocations++;
    this.lambda = {
      cold_start: this.invocations === 1 && !this.provisioned,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
    };
  }

  private write(level: LevelName, message: string, attributes: Attributes = {}): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.service,
      ...this.lambda,
      xray_trace_id: /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1],
      ...attributes,
    };
    const text = JSON.stringify(line, replacer, this.indent);
    if (LEVELS[level] >= LEVELS.WARN) this.out[level === 'WARN' ? 'warn' : 'error'](text);
    else this.out[level === 'DEBUG' ? 'debug' : 'info'](text);
  }
}

/** Errors as their name, message and stack; bigints as strings (as Powertools writes them). */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

export const logger = new Logger({ serviceName: 'minyi' });

/** Puts the invocation's Lambda context on the logger's lines (Powertools' `injectLambdaContext`). */
export function injectLambdaContext(target: Logger): MiddlewareObj {
  return {
    before: async function addLambdaContext(request) {
      target.addContext(request.context);
    },
  };
}

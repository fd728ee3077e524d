import type { Context } from 'aws-lambda';
import { Logger } from '../../functions/commons/logger';

/** The logger writes what Powertools' Logger wrote: one JSON object a line, the same keys and levels. */
const written = { out: [] as string[], err: [] as string[] };
const originals = { out: process.stdout.write, err: process.stderr.write };

beforeEach(() => {
  written.out = [];
  written.err = [];
  process.stdout.write = ((chunk: unknown) =>
    written.out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) =>
    written.err.push(String(chunk)) > 0) as typeof process.stderr.write;
});

afterEach(() => {
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
});

const context = {
  functionName: 'listCourts',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:listCourts',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
} as Context;

test("a line: level, message, timestamp, service, the invocation's context, then the line's own attributes", () => {
  // Prepare
  const logger = new Logger({ serviceName: 'minyi' }, {});
  // Act
  logger.addContext(context);
  logger.info('refused', { route: 'GET /v1/courts', status: 404 });
  logger.addContext({ ...context, awsRequestId: 'req-2' });
  logger.info('again');
  // Assess
  const [first, second] = written.out.map((l) => JSON.parse(l));
  expect(Object.keys(first)).toEqual([
    'level',
    'message',
    'timestamp',
    'service',
    'cold_start',
    'function_arn',
    'function_memory_size',
    'function_name',
    'function_request_id',
    'route',
    'status',
  ]);
  expect(first).toMatchObject({
    level: 'INFO',
    message: 'refused',
    service: 'minyi',
    cold_start: true,
    function_request_id: 'req-1',
    route: 'GET /v1/courts',
  });
  expect(new Date(first.timestamp).toISOString()).toBe(first.timestamp);
  expect(second).toMatchObject({ cold_start: false, function_request_id: 'req-2' });
  expect(written.out.every((l) => l.endsWith('\n') && !l.trimEnd().includes('\n'))).toBe(true);
});

test('INFO by default; POWERTOOLS_LOG_LEVEL (or LOG_LEVEL) sets it; the Lambda log level wins', () => {
  const levelOf = (env: Record<string, string>) => new Logger({ serviceName: 'minyi' }, env).level;
  expect(levelOf({})).toBe('INFO');
  expect(levelOf({ POWERTOOLS_LOG_LEVEL: 'debug' })).toBe('DEBUG');
  expect(levelOf({ LOG_LEVEL: 'WARN' })).toBe('WARN');
  expect(levelOf({ POWERTOOLS_LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_LEVEL: 'ERROR' })).toBe('ERROR');
  expect(levelOf({ POWERTOOLS_LOG_LEVEL: 'nonsense' })).toBe('INFO');

  const logger = new Logger({ serviceName: 'minyi' }, { POWERTOOLS_LOG_LEVEL: 'WARN' });
  logger.debug('no');
  logger.info('no');
  logger.warn('yes');
  logger.error('yes', { errorName: 'TypeError' });
  expect(written.out).toEqual([]);
  // Warnings and errors go to stderr, as Powertools writes them.
  expect(written.err.map((l) => JSON.parse(l).level)).toEqual(['WARN', 'ERROR']);
});

test('the X-Ray trace id, errors as name, message and stack, and POWERTOOLS_DEV indents', () => {
  const traced = process.env._X_AMZN_TRACE_ID;
  process.env._X_AMZN_TRACE_ID = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
  try {
    new Logger({ serviceName: 'minyi' }, {}).info('traced', { cause: new TypeError('boom') });
  } finally {
    if (traced === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = traced;
  }
  const line = JSON.parse(written.out[0]!);
  expect(line.xray_trace_id).toBe('1-5759e988-bd862e3fe1be46a994272793');
  expect(line.cause).toMatchObject({
    name: 'TypeError',
    message: 'boom',
    stack: expect.stringContaining('boom'),
  });

  new Logger({ serviceName: 'minyi' }, { POWERTOOLS_DEV: 'true' }).info('for people');
  expect(written.out[1]).toContain('\n    "message": "for people"');
});

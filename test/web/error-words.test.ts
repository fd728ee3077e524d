import { buildOpenApi } from '../../functions/api/openapi-document';
import { problemText } from '../../web/src/api/client';
import { fieldName } from '../../web/src/api/problems';

/**
 * Issue 25: no English sentence of the API reaches a person. Every error code the OpenAPI document
 * lists goes through the pages' own wording (web/src/api/problems.ts, behind the client's
 * `problemText`), with the API's English message beside it, and comes out Chinese; every field a
 * request can carry has a Chinese name for the validation messages.
 */
const doc = buildOpenApi() as unknown as {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>
  >;
  components: { schemas: Record<string, Schema> };
};
interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: string[];
}
const errorCodes = (doc.components.schemas.Error!.properties!.error!.properties!.code!.enum ??
  []) as string[];
const ENGLISH = /[a-z]{3,} [a-z]{2,}/i;
const CHINESE = /[\u4e00-\u9fff]/;

test('the Error schema lists its codes', () => {
  expect(errorCodes.length).toBeGreaterThan(40);
  expect(errorCodes).toEqual(expect.arrayContaining(['invalid_body', 'not_found', 'token_used', 'internal']));
});

test.each(errorCodes)('%s is said in Chinese, without the English message', (code) => {
  const message = 'the english message of the api';
  for (const details of [[], [{ path: 'contact.phone', code: 'invalid_format', message }]]) {
    const said = problemText({ error: { code, message, details } });
    expect(said).toMatch(CHINESE);
    expect(said).not.toMatch(ENGLISH);
  }
});

test('a validation error names the field and what to write; a time is Beijing time', () => {
  const refusal = (code: string, details: unknown[]) =>
    problemText({ error: { code, message: 'x', details } });
  expect(
    refusal('invalid_body', [
      { path: 'contact.phone', code: 'invalid_format', message: 'an 11-digit mainland mobile number' },
    ]),
  ).toBe('请填写11位手机号码（如 13800138000）');
  expect(
    refusal('invalid_body', [{ path: 'content', code: 'invalid_type', missing: true, message: 'x' }]),
  ).toBe('请填写诉求内容');
  expect(refusal('return_window_closed', [{ closedAt: '2026-12-04T09:30:00.000Z' }])).toContain(
    '2026年12月4日 17:30（北京时间）',
  );
  expect(refusal('not_found', [{ resource: 'request' }])).toBe('查询编号或查询码不正确，请核对后重试');
  expect(refusal('wrong_state', [{ status: 'replied', allowed: ['dispatched'] }])).toContain('「已答复」');
  // No answer at all (the network), or a code this page does not know yet: still Chinese.
  expect(problemText(undefined)).toMatch(CHINESE);
  expect(problemText({ error: { code: 'from_a_newer_api', message: 'new english', details: [] } })).toMatch(
    CHINESE,
  );
});

test('every field a request can carry has a Chinese name', () => {
  const paths = new Set<string>();
  const walk = (s: Schema | undefined, prefix: string, seen: Set<string>): void => {
    if (!s) return;
    if (s.$ref) {
      const id = s.$ref.split('/').at(-1)!;
      if (!seen.has(id)) walk(doc.components.schemas[id], prefix, new Set([...seen, id]));
      return;
    }
    for (const part of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(part, prefix, seen);
    walk(s.items, prefix, seen);
    for (const [name, p] of Object.entries(s.properties ?? {})) {
      paths.add(`${prefix}${name}`);
      walk(p, `${prefix}${name}.`, seen);
    }
  };
  for (const operations of Object.values(doc.paths))
    for (const op of Object.values(operations)) {
      const body = op.requestBody as { content: { 'application/json': { schema: Schema } } } | undefined;
      walk(body?.content['application/json'].schema, '', new Set());
      for (const p of op.parameters ?? []) if (p.in === 'query') paths.add(p.name);
    }
  expect(paths.size).toBeGreaterThan(50);
  const unnamed = [...paths].filter((p) => !CHINESE.test(fieldName(p)) || fieldName(p) === '填写的内容');
  expect(unnamed).toEqual([]);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateRoutes } from '../../local/iam-guard';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { type CfnTemplate, synthesizedTemplate } from '../../local/template';
import { citizen, PLAIN_MONDAY } from '../support/local';

/**
 * Issue 22 (deploy fidelity): the local stack serves the routes of the synthesized template and
 * runs each handler under its own function's IAM policy from it. Take one grant away from the
 * template, as an edit of infra/ would, and the handler that needs it fails locally with the
 * AccessDenied AWS would give, naming the action.
 */
let stack: LocalStack | null = null;
let dataDir: string;
afterEach(async () => {
  await stack?.stop();
  stack = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(template: CfnTemplate): Promise<LocalStack> {
  dataDir = mkdtempSync(join(tmpdir(), 'minyi-fidelity-'));
  stack = await startLocalStack({ port: 0, dataDir, clockStart: PLAIN_MONDAY, fromTemplate: template });
  return stack;
}

async function call(s: LocalStack, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions
  return { status: res.status, body: (await res.json()) as any };
}

/** The template with `action` taken out of the policy of the function behind `routeKey`. */
function withoutGrant(template: CfnTemplate, routeKey: string, action: string): CfnTemplate {
  const copy = structuredClone(template);
  const route = templateRoutes(copy).find((r) => r.routeKey === routeKey)!;
  const role = copy.Resources[route.functionId]!.Properties.Role['Fn::GetAtt'][0];
  let removed = 0;
  for (const r of Object.values(copy.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy' || !r.Properties.Roles.some((x: { Ref: string }) => x.Ref === role))
      continue;
    for (const s of r.Properties.PolicyDocument.Statement) {
      const actions = [s.Action].flat() as string[];
      s.Action = actions.filter((a) => a !== action);
      removed += actions.length - s.Action.length;
    }
  }
  expect(removed).toBeGreaterThan(0);
  return copy;
}

test('the routes served are the template’s, with its authorizers', async () => {
  const template = synthesizedTemplate();
  const s = await start(template);
  const keys = templateRoutes(template).map((r) => r.routeKey);
  expect(keys).toContain('POST /v1/requests/{requestId}/orders');
  expect((await call(s, 'GET', '/v1/courts')).status).toBe(200);
  // A staff route without a token: the template's JWT authorizer refuses it before the handler.
  expect((await call(s, 'GET', '/v1/orders')).status).toBe(401);
});

test('a handler whose role lacks a grant fails with AccessDenied naming the action', async () => {
  const template = withoutGrant(
    synthesizedTemplate(),
    'POST /v1/requests/{requestId}/orders',
    'dynamodb:PutItem',
  );
  const s = await start(template);
  {
    const filed = await call(s, 'POST', '/v1/requests', undefined, {
      channel: 'web',
      category: 'case_progress',
      content: '我的案件何时开庭？',
      contact: citizen,
      caseNumber: '(2026)赣1126民初123号',
    });
    expect(filed.status).toBe(201); // another function, its grants intact
    const agent = await s.tokens.mint({ sub: 'agent-1', role: 'agent', court: '赣' });
    const ordered = await call(s, 'POST', `/v1/requests/${filed.body.requestId}/orders`, agent, {});
    expect(ordered.status).toBe(500);
  }
  expect(s.iam?.denials.join('\n')).toMatch(
    /ApiCreateOrderServiceRole.*is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:[^:]+:000000000000:table\/minyi-main/s,
  );
});

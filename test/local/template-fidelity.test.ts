import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { requestKey } from '../../adapters/dynamo/keys';
import { getContainer } from '../../functions/commons/container';
import { templateRoutes } from '../../local/iam-guard';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { type CfnTemplate, synthesizedTemplate } from '../../local/template';
import { citizen, newOrder, PLAIN_MONDAY, startTestStack } from '../support/local';

/**
 * Issue 22 (deploy fidelity): the local stack serves the routes of the synthesized template and
 * runs each handler under its own function's IAM policy from it. Take one grant away from the
 * template, as an edit of infra/ would, and the handler that needs it fails locally with the
 * AccessDenied AWS would give, naming the action.
 */
let stack: LocalStack | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await stack?.stop();
  stack = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
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

test('the resume sweep finishes a half-written order on restart: its role may write, as the sweep does', async () => {
  // Found by the guard: the sweep (completeOrdering) writes the request of an order whose second
  // write was lost to a crash, but infra/ granted its function read only, so on AWS it would have
  // failed with AccessDenied on exactly the orders it exists to heal.
  const t = await startTestStack();
  try {
    const { orderId, requestId, trackingNo } = await newOrder(t);
    // The crash: the order is written, its request still says received.
    await getContainer().dynamo.doc.send(
      new UpdateCommand({
        TableName: 'minyi-main',
        Key: requestKey(requestId),
        UpdateExpression: 'SET #s = :received REMOVE orderId',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':received': 'received' },
      }),
    );
    await t.restart(); // the sweep runs at every start, as ResumeOpenOrders does every 15 minutes
    expect(t.stack.iam?.denials).toEqual([]);
    const agent = await t.token('agent', '赣');
    const read = await t.call('GET', `/v1/requests/${trackingNo}`, { token: agent });
    expect(read.body).toMatchObject({ status: 'ordered', order: { orderId } });
  } finally {
    await t.stop();
  }
});

/**
 * What a deployed function reads that the local stack deliberately replaces, and with what: a
 * variable infra/ adds that the local stack neither sets nor names here fails the next test.
 */
const LOCAL_STAND_INS: Record<string, string> = {
  CITIZEN_SECRETS_ARN: "the citizens' secrets are generated into the data folder (local/stack.ts)",
  JWT_ISSUER: 'tokens are signed and verified by the local stack (adapters/tokens.ts LocalTokens)',
  JWT_AUDIENCE: 'likewise',
  MAIL_FROM: 'mail goes to the outbox (MAIL_TRANSPORT=outbox), GET /_local/outbox',
  STATE_MACHINE_ARN: 'the same state machine definition runs in-process (local/workflow-runner.ts)',
};

test('every environment variable the template gives a function is one the local stack sets or stands in for', async () => {
  const template = synthesizedTemplate();
  await start(template);
  const missing = new Set<string>();
  for (const r of Object.values(template.Resources)) {
    const variables = r.Type === 'AWS::Lambda::Function' ? r.Properties.Environment?.Variables : undefined;
    if (variables?.POWERTOOLS_SERVICE_NAME !== 'minyi') continue; // ours, not CDK's own handlers
    for (const name of Object.keys(variables)) {
      // AWS sets these itself on Lambda; Powertools' are read with defaults.
      if (/^(AWS_|POWERTOOLS_)/.test(name)) continue;
      if (process.env[name] === undefined && !LOCAL_STAND_INS[name]) missing.add(name);
    }
  }
  expect([...missing].sort()).toEqual([]);
});

import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resolveCfn, type StandIns } from './cfn';
import { type CfnTemplate, constructPath } from './template';

/**
 * Each function's AWS calls checked against its own role's policy from the synthesized template
 * (issue 22): a handler that reads or writes what its role does not grant gets the AccessDenied
 * that AWS would give it, naming the action and the resource, here and not on the first deploy.
 *
 * A small evaluator of identity policies, enough for what the stack's grants use: Allow and Deny,
 * `Action` and `Resource` with `*` and `?` wildcards (actions case-insensitive), explicit Deny
 * first, otherwise implicitly denied. A statement with a `Condition` (none today) never allows, so
 * a grant this evaluator cannot judge fails loudly rather than passing unchecked.
 * (@cloud-copilot/iam-simulate does the whole of IAM, but is AGPL-3.0; this is ours.)
 */
interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

/** A function of the template: who it runs as and what its role may do. */
interface FunctionRole {
  roleName: string;
  statements: Statement[];
}

/** The function running now: `route:POST /v1/requests`, or a construct path such as `Workflow/Tick`. */
const running = new AsyncLocalStorage<string>();

/** Runs `work` as the template's function `key` (calls outside any function are the stack's own). */
export function asFunction<T>(key: string, work: () => Promise<T>): Promise<T> {
  return running.run(key, work);
}

/** What the SDK throws when IAM refuses a call; the name on the prototype, so the stack's first line has it. */
export class AccessDeniedError extends Error {
  readonly $fault = 'client';
}
Object.defineProperty(AccessDeniedError.prototype, 'name', { value: 'AccessDeniedException' });

export class IamGuard {
  private readonly roles = new Map<string, FunctionRole>();
  /** Every call refused so far (its message), for a test or a person reading the stack's state. */
  readonly denials: string[] = [];
  private readonly decided = new Map<string, boolean>();

  /**
   * `tables`: each table's logical id in the template → its local name (from the functions'
   * environment, `TABLE_NAME` → `minyi-main`), so that the policies' table ARNs name local tables.
   */
  constructor(
    template: CfnTemplate,
    private readonly at: StandIns & { accountId: string },
  ) {
    const resources = template.Resources;
    const attributes: Record<string, string> = {};
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::DynamoDB::Table' && at.refs?.[id])
        attributes[`${id}.Arn`] = this.tableArn(at.refs[id]);
    }
    const standIns = { ...at, attributes };
    const policiesOfRole = new Map<string, Statement[]>();
    for (const r of Object.values(resources)) {
      if (r.Type !== 'AWS::IAM::Policy') continue;
      const statements = (r.Properties.PolicyDocument.Statement as Statement[]).map((s) => ({
        ...s,
        Resource: resolveList(s.Resource, standIns),
      }));
      for (const role of r.Properties.Roles ?? []) {
        const id = (role as { Ref: string }).Ref;
        policiesOfRole.set(id, [...(policiesOfRole.get(id) ?? []), ...statements]);
      }
    }
    const functionKeys = new Map<string, string[]>(); // function logical id → keys it runs under
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::Lambda::Function') functionKeys.set(id, [constructPath(r)]);
    }
    for (const route of templateRoutes(template))
      functionKeys.get(route.functionId)?.push(`route:${route.routeKey}`);
    for (const [id, keys] of functionKeys) {
      const roleId = (resources[id]!.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = { roleName: roleId, statements: policiesOfRole.get(roleId) ?? [] };
      for (const key of keys) this.roles.set(key, role);
    }
  }

  /** Checks every DynamoDB command the client sends, in the function it runs in. */
  watch(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        this.check(String(context.commandName ?? ''), args.input as Record<string, unknown>);
        return next(args);
      },
      { step: 'initialize', name: 'localIamPolicy', override: true },
    );
  }

  private check(commandName: string, input: Record<string, unknown>): void {
    const key = running.getStore();
    if (!key) return;
    const role = this.roles.get(key);
    if (!role) throw new AccessDeniedError(`no function of the template runs as ${key}`);
    const action = `dynamodb:${commandName.replace(/Command$/, '')}`;
    for (const resource of this.resourcesOf(input)) {
      const decision = `${key}\n${action}\n${resource}`;
      let allowed = this.decided.get(decision);
      if (allowed === undefined) {
        allowed = evaluate(role.statements, action, resource);
        this.decided.set(decision, allowed);
      }
      if (!allowed) {
        const message = `User: arn:aws:sts::${this.at.accountId}:assumed-role/${role.roleName}/${key} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
        // The handler logs only the error's name (SDK messages can quote stored values); this one
        // names only the function, the action and the table, so the local stack says it in full.
        process.stderr.write(`[local IAM] AccessDeniedException: ${message}\n`);
        this.denials.push(message);
        throw new AccessDeniedError(message);
      }
    }
  }

  private resourcesOf(input: Record<string, unknown>): string[] {
    const tables = input.RequestItems
      ? Object.keys(input.RequestItems as object)
      : input.TransactItems
        ? (input.TransactItems as Array<Record<string, { TableName: string }>>).map(
            (item) => Object.values(item)[0]!.TableName,
          )
        : [String(input.TableName)];
    return tables.map((t) => this.tableArn(t) + (input.IndexName ? `/index/${String(input.IndexName)}` : ''));
  }

  private tableArn(name: string): string {
    const partition = this.at.urlSuffix.endsWith('.cn') ? 'aws-cn' : 'aws';
    return `arn:${partition}:dynamodb:${this.at.region}:${this.at.accountId}:table/${name}`;
  }
}

/** The API routes of the template: route key, authorization, and the function behind each. */
export function templateRoutes(
  template: CfnTemplate,
): Array<{ routeKey: string; authorizationType: string; functionId: string; handler: string }> {
  const resources = template.Resources;
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
    .map((r) => {
      const target = resolveCfn(r.Properties.Target, { region: '', urlSuffix: '' });
      const integration = resources[target.replace(/^integrations\//, '')]!;
      const functionId = (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })[
        'Fn::GetAtt'
      ][0];
      return {
        routeKey: String(r.Properties.RouteKey),
        authorizationType: String(r.Properties.AuthorizationType ?? 'NONE'),
        functionId,
        handler: String(resources[functionId]!.Properties.Handler).replace(/^index\./, ''),
      };
    });
}

function evaluate(statements: Statement[], action: string, resource: string): boolean {
  const matches = (s: Statement) =>
    (s.Action
      ? list(s.Action).some((a) => wildcard(a, action, true))
      : !list(s.NotAction).some((a) => wildcard(a, action, true))) &&
    list(s.Resource).some((r) => wildcard(r, resource, false));
  if (statements.some((s) => s.Effect === 'Deny' && matches(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && !s.Condition && matches(s));
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function resolveList(v: unknown, at: StandIns): string[] {
  return (Array.isArray(v) ? v : [v]).map((x) => resolveCfn(x, at));
}

const patterns = new Map<string, RegExp>();
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = patterns.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
    patterns.set(key, re);
  }
  return re.test(value);
}

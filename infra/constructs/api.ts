import { Duration } from 'aws-cdk-lib';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildOpenApi } from '../../functions/api/openapi-document';
import {
  ROUTE_LIST,
  type RouteDef,
  type RouteName,
  SHARED_FUNCTIONS,
  SHARED_HANDLER,
  writesData,
} from '../../functions/api/routes';
import type { StageConfig } from '../config';
import { acknowledge } from '../nag-acknowledgements';
import type { Data } from './data';
import { MinyiFunction } from './minyi-function';

/** The OpenAPI document's name in its function's bundle folder. */
const OPENAPI_FILE = 'openapi.json';

/**
 * Filing a request and signing in on WeChat: public, and each call costs (a filed request, a
 * jscode2session call). The province files some 283,000 requests a year, under one a second at its
 * busiest hour: ten a second is ample, and what a flood can spend at most.
 */
export const ANONYMOUS_FLOOD_ROUTES: readonly RouteName[] = ['createRequest', 'createWeChatSession'];
export const ANONYMOUS_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

export interface ApiProps {
  config: StageConfig;
  data: Data;
  jwt: { issuer: string; audience: string };
  /** Environment every function shares (tables, transports, links). */
  environment: Record<string, string>;
}

/**
 * The HTTP API: one Lambda per route of functions/api/routes.ts (one per entry for the entries
 * in SHARED_FUNCTIONS), the JWT authorizer on staff
 * routes (the handlers then check role and court), stage throttling, JSON access logs, CORS for
 * the configured origins.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: MinyiFunction[] = [];
  /** Functions that change orders and so may start their workflows. */
  readonly workflowStarters: MinyiFunction[] = [];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    this.httpApi = new HttpApi(this, 'Http', {
      apiName: `minyi-${config.stage}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: config.webOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-access-code'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    const authorizer = new HttpJwtAuthorizer('StaffJwt', props.jwt.issuer, {
      jwtAudience: [props.jwt.audience],
    });

    // The routes anyone may call without a token get a route limit of their own, far under the
    // stage's: a flood there (from many addresses, past the per-client limits the handlers count:
    // domain/client-limits.ts) spends at most this, never the capacity every other route shares.
    (stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      ROUTE_LIST.filter((r) => ANONYMOUS_FLOOD_ROUTES.includes(r.name)).map((r) => [
        `${r.method} ${r.path}`,
        // A Json property: CloudFormation's own (PascalCase) names, passed through as written.
        {
          ThrottlingRateLimit: ANONYMOUS_ROUTE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: ANONYMOUS_ROUTE_THROTTLE.burstLimit,
        },
      ]),
    );
    // A shared entry's routes (SHARED_FUNCTIONS) have one function and one integration between them.
    const shared = new Map<RouteDef['entry'], HttpLambdaIntegration>();
    for (const route of ROUTE_LIST) {
      let integration = shared.get(route.entry);
      if (!integration) {
        integration = SHARED_FUNCTIONS.has(route.entry)
          ? new HttpLambdaIntegration(
              `${sharedId(route.entry)}Integration`,
              this.sharedFunction(route.entry, props),
            )
          : new HttpLambdaIntegration(`${route.name}Integration`, this.routeFunction(route, props));
        if (SHARED_FUNCTIONS.has(route.entry)) shared.set(route.entry, integration);
      }
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method === 'GET' ? HttpMethod.GET : HttpMethod.POST],
        integration,
        authorizer: route.auth === 'staff' ? authorizer : undefined,
      });
      if (added && ANONYMOUS_FLOOD_ROUTES.includes(route.name)) stage.node.addDependency(added);
      if (route.auth !== 'staff' && added) {
        acknowledge(added, [
          [
            'AwsSolutions-APIG4',
            'A public route of API.md (citizens have no accounts): the court directory, OpenAPI, filing a request, and reading one with its access code. A staff token, when sent, is verified by the handler.',
          ],
        ]);
      }
    }
  }

  /** The one function of a shared entry's routes: granted what the most demanding of them needs. */
  private sharedFunction(entry: RouteDef['entry'], props: ApiProps): MinyiFunction {
    const routes = ROUTE_LIST.filter((r) => r.entry === entry);
    const fn = new MinyiFunction(this, sharedId(entry), {
      entry: `functions/api/${entry}.ts`,
      handler: SHARED_HANDLER,
      description: routes.map((r) => `${r.method} ${r.path}`).join(', '),
      environment: props.environment,
      config: props.config,
    });
    if (routes.some(writesData)) props.data.grantReadWrite(fn);
    else props.data.grantRead(fn);
    if (routes.some((r) => r.method === 'POST')) {
      props.data.idempotencyTable.grantReadWriteData(fn);
      this.workflowStarters.push(fn);
    }
    this.functions.push(fn);
    return fn;
  }

  private routeFunction(route: RouteDef & { name: RouteName }, props: ApiProps): MinyiFunction {
    const id = route.name.charAt(0).toUpperCase() + route.name.slice(1);
    // The OpenAPI document is built here, at synth, and shipped beside its function's bundle
    // (functions/api/openapi.ts): the function serves it without building it from the schemas.
    const openApi = route.entry === 'openapi';
    const fn = new MinyiFunction(this, id, {
      entry: `functions/api/${route.entry}.ts`,
      handler: route.name,
      description: `${route.method} ${route.path}`,
      environment: {
        ...props.environment,
        ...(openApi ? { OPENAPI_DOCUMENT: `/var/task/${OPENAPI_FILE}` } : {}),
      },
      config: props.config,
      ...(openApi ? { files: { [OPENAPI_FILE]: JSON.stringify(buildOpenApi()) } } : {}),
    });
    if (writesData(route)) props.data.grantReadWrite(fn);
    else props.data.grantRead(fn);
    // Idempotency records are written for every POST that carries a key.
    if (route.method === 'POST') props.data.idempotencyTable.grantReadWriteData(fn);
    if (route.method === 'POST' && route.entry !== 'openapi') this.workflowStarters.push(fn);
    this.functions.push(fn);
    return fn;
  }
}

/** A shared entry's construct id: `KnowledgeRoutes`, `TypicalCasesRoutes` (stable: it names resources). */
const sharedId = (entry: string) =>
  `${entry.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}Routes`;

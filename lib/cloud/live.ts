/**
 * The live WebSocket API of the app model (`model.webSocket`): API Gateway's WebSocket API,
 * its stage (access logs, throttling), the `$connect` Lambda REQUEST authorizer fed by the
 * `?token=` query string, and one function per route, built by `ModelFunctions` with the
 * access each declares. Functions that post to connections (`access.liveConnections`) get
 * the stage's callback URL and `execute-api:ManageConnections` on `POST @connections` of
 * this API's stage only.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { WebSocketApiDecl } from '#lib/model/types';
import type { HydrantFunction } from './hydrant-function';
import type { ModelFunctions } from './model-functions';

/** Props of {@link LiveApi}. */
export interface LiveApiProps {
  readonly decl: WebSocketApiDecl;
  readonly stage: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Messages per second the stage accepts from clients (and its burst: twice as many).
   * @default 500
   */
  readonly rateLimit?: number;
}

/** What a function that posts to the live connections is given. */
export interface LiveConnectionsAccess {
  /** `https://{api-id}.execute-api.{region}.{suffix}/{stage}`: `LIVE_CONNECTIONS_ENDPOINT`. */
  readonly callbackUrl: string;
  /** `arn:…:execute-api:{region}:{account}:{api-id}/{stage}/POST/@connections/*`. */
  readonly postArn: string;
}

/** The WebSocket API, created before the functions (they need its callback URL), its routes after. */
export class LiveApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  /** Where clients connect: `wss://{api-id}.execute-api.{region}.{suffix}/{stage}` (add `?token=`). */
  readonly url: string;
  readonly connections: LiveConnectionsAccess;
  /** The authorizer's and each route's function, by route key (`authorizer` for the authorizer). */
  readonly functions = new Map<string, HydrantFunction>();

  constructor(scope: Construct, id: string, private readonly props: LiveApiProps) {
    super(scope, id);
    const { decl, stage } = props;
    this.api = new WebSocketApi(this, 'Api', {
      apiName: `hydrant-${stage}-${decl.name}`,
      description: `Hydrant ${stage}: live updates (alerts, notifications) over WebSocket`,
      routeSelectionExpression: decl.routeSelectionExpression,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const rate = props.rateLimit ?? 500;
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: stage,
      autoDeploy: true,
      throttle: { rateLimit: rate, burstLimit: rate * 2 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            connectionId: '$context.connectionId',
            routeKey: '$context.routeKey',
            eventType: '$context.eventType',
            status: '$context.status',
            principal: '$context.authorizer.principalId',
            error: '$context.error.message',
            integrationError: '$context.integrationErrorMessage',
            requestTime: '$context.requestTime',
          }),
        ),
      },
    });
    const { region, urlSuffix } = Stack.of(this);
    this.url = `wss://${this.api.apiId}.execute-api.${region}.${urlSuffix}/${stage}`;
    this.connections = {
      callbackUrl: `https://${this.api.apiId}.execute-api.${region}.${urlSuffix}/${stage}`,
      postArn: Stack.of(this).formatArn({ service: 'execute-api', resource: this.api.apiId, resourceName: `${stage}/POST/@connections/*` }),
    };
  }

  /** The authorizer and the routes, each with its function. */
  addRoutes(functions: ModelFunctions): void {
    const { decl } = this.props;
    const authorizerFn = functions.create(this, 'Authorizer', decl.authorizer.handler, decl.authorizer.fn, `Live ${decl.name}: $connect authorizer`, { route: false });
    this.functions.set('authorizer', authorizerFn);
    const authorizer = new WebSocketLambdaAuthorizer('TokenAuthorizer', authorizerFn.function, {
      identitySource: [`route.request.querystring.${decl.authorizer.identityQuery}`],
    });
    for (const route of decl.routes) {
      const name = route.routeKey.replace(/^\$/, '');
      const fn = functions.create(this, `Route-${name}`, route.handler, { timeoutSeconds: 10, ...route.fn }, `Live ${decl.name}: ${route.routeKey}`, { route: false });
      this.functions.set(route.routeKey, fn);
      this.api.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(`${name}Integration`, fn.function, { timeout: Duration.seconds(Math.min(29, route.fn.timeoutSeconds ?? 10)) }),
        ...(route.routeKey === '$connect' ? { authorizer } : {}),
      });
    }
    // Only $connect can carry an authorizer on a WebSocket API; later routes run for the
    // connection it authorised, with its context in requestContext.authorizer.
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: '$connect has a Lambda REQUEST authorizer (the access token, verified as the REST authorizer does); API Gateway allows no authorizer on the other routes of a WebSocket API, which only run for an authorised connection.',
    });
  }
}

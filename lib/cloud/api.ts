/**
 * The REST API without its routes: a regional API Gateway with access logs, tracing and
 * stage throttling, API Gateway's own refusals answered as problem+json, one usage plan
 * per plan of the model with a bootstrap key, and the Cognito authorizer.
 */
import { Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  CognitoUserPoolsAuthorizer,
  Cors,
  type CorsOptions,
  Deployment,
  EndpointType,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  Stage,
  type StageOptions,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { GATEWAY_PROBLEMS, gatewayProblemTemplate, type GatewayProblem } from '#lib/model/gateway-responses';
import { MULTIPART_MEDIA_TYPE, type UsagePlanDecl } from '#lib/model/types';

/** Props of {@link HydrantApi}. */
export interface HydrantApiProps {
  readonly stage: string;
  /** The model's plans; the first is the default plan of API keys. */
  readonly usagePlans: readonly UsagePlanDecl[];
  /** The user pool whose tokens the authorizer accepts. */
  readonly userPool: IUserPool;
  /**
   * Origins answered by CORS preflight (OPTIONS) on every resource.
   * @default - no preflight methods
   */
  readonly corsOrigins?: readonly string[];
  /**
   * The API's public base URL.
   * @default - the stage's execute-api URL
   */
  readonly publicUrl?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * `Api`, `ApiAccessLogs`, `BootstrapApiKey` and `Authorizer` in `scope`: no construct level
 * of their own, so that the logical ids stay those already deployed.
 *
 * The API's resources stay in `scope`'s stack; its methods do not (see `ApiRoutes`): with
 * them the stack would pass CloudFormation's 500-resource limit. So the RestApi does not
 * deploy itself (`deploy: false`): its deployment and stage are made here, at the paths
 * RestApi would give them (the stage keeps its logical id), and whoever adds a method adds
 * it to the deployment with {@link HydrantApi.deploys}.
 */
export class HydrantApi {
  readonly api: RestApi;
  /** The deployment of the stage; its logical id changes with every method (see `deploys`). */
  readonly deployment: Deployment;
  /**
   * The CORS preflight every resource answers, when origins are given.
   * @default - no preflight methods
   */
  readonly corsPreflight?: CorsOptions;
  /** Where clients reach the API (no trailing slash): links in answers start with it. */
  readonly publicUrl: string;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  /** One usage plan per plan of the model, by model plan id, in the model's order. */
  readonly usagePlans: ReadonlyMap<string, UsagePlan>;
  /** The model's first plan: the default of keys that have no policy of their own. */
  readonly defaultUsagePlan: UsagePlan;
  /** The bootstrap key of the default usage plan; its value is never output. */
  readonly bootstrapApiKey: ApiKey;

  constructor(scope: Construct, private readonly props: HydrantApiProps) {
    if (props.usagePlans.length === 0) throw new Error('The app model declares no usage plan: the first one is the default plan of API keys');
    this.api = createRestApi(scope, props);
    this.deployment = createStage(scope, this.api, props);
    const corsOrigins = props.corsOrigins ?? [];
    if (corsOrigins.length > 0) {
      this.corsPreflight = {
        allowOrigins: [...corsOrigins],
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
        allowHeaders: [...Cors.DEFAULT_HEADERS, 'If-Match', 'If-None-Match', 'Idempotency-Key'],
        maxAge: Duration.hours(1),
      };
    }
    // Built from the API id and the stage name, not from the stage resource, so that a
    // function naming it does not wait for the deployment (which waits for the methods).
    const { region, urlSuffix } = Stack.of(scope);
    this.publicUrl = props.publicUrl ?? `https://${this.api.restApiId}.execute-api.${region}.${urlSuffix}/${props.stage}`;
    addProblemResponses(this.api);

    this.usagePlans = this.createUsagePlans(props.usagePlans);
    const first = props.usagePlans[0]!;
    this.defaultUsagePlan = this.usagePlans.get(first.id)!;
    this.bootstrapApiKey = new ApiKey(scope, 'BootstrapApiKey', {
      apiKeyName: `hydrant-${props.stage}-bootstrap`,
      description: `First API key, in the ${first.name} plan; issue one key per client after bootstrap`,
      enabled: true,
    });
    this.defaultUsagePlan.addApiKey(this.bootstrapApiKey);

    this.authorizer = new CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
      authorizerName: `hydrant-${props.stage}-cognito`,
      cognitoUserPools: [props.userPool],
      identitySource: 'method.request.header.Authorization',
    });
  }

  /**
   * Takes a method into the deployment's logical id, so that a deploy that changes the method
   * deploys the stage anew (what RestApi does for the methods it deploys itself). The
   * deployment already waits for the method, wherever it lives: a method on a resource of
   * this RestApi attaches to its deployments (CloudFormation: a DependsOn its nested stack).
   */
  deploys(method: Method): void {
    const cfn = method.node.defaultChild as unknown as { _toCloudFormation(): object };
    // Its CloudFormation properties as they will deploy, read when the id is computed (at synthesis).
    this.deployment.addToLogicalId(Lazy.any({ produce: () => cfn._toCloudFormation() }));
  }

  /**
   * One API Gateway usage plan per plan of the model, attached to the stage, with
   * throttling only. No API Gateway quota on purpose: Hydrant's platform counts the
   * quota itself (control table), so that a 304 Not Modified does not count and every
   * answer can carry RateLimit headers; an API Gateway quota would count both.
   */
  private createUsagePlans(decls: readonly UsagePlanDecl[]): Map<string, UsagePlan> {
    const plans = new Map<string, UsagePlan>();
    for (const decl of decls) {
      if (plans.has(decl.id)) throw new Error(`Duplicate usage plan ${decl.id} in the app model`);
      validateUsagePlan(decl);
      plans.set(
        decl.id,
        this.api.addUsagePlan(`UsagePlan-${decl.id}`, {
          name: `hydrant-${this.props.stage}-${decl.id}`,
          description: `${decl.name}: API Gateway throttles; Hydrant counts the quota (${decl.quota.limit} per ${decl.quota.period.toLowerCase()})`,
          throttle: { rateLimit: decl.rateLimit, burstLimit: decl.burstLimit },
          apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
        }),
      );
    }
    return plans;
  }
}

/** The RestApi, without deployment nor CORS preflight (both are added with the methods; see {@link HydrantApi}). */
function createRestApi(scope: Construct, props: HydrantApiProps): RestApi {
  const api = new RestApi(scope, 'Api', {
    restApiName: `hydrant-${props.stage}`,
    description: `Hydrant ${props.stage} public API`,
    endpointConfiguration: { types: [EndpointType.REGIONAL] },
    // Access and execution logging need the account-level CloudWatch role; retained
    // because it is an account setting other APIs may rely on after this stack is gone.
    cloudWatchRole: true,
    cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
    deploy: false,
    // Uploads reach the Lambda as their exact bytes (base64), whatever their encoding; JSON and forms stay text.
    binaryMediaTypes: [MULTIPART_MEDIA_TYPE],
  });
  acknowledgeApiFindings(api);
  return api;
}

/**
 * The deployment and the stage, with access logs, tracing and the stage throttling, at the
 * paths RestApi gives its own (`Api/Deployment`, `Api/DeploymentStage.<stage>`): the stage
 * keeps the logical id already deployed, as a named stage cannot be replaced in place.
 */
function createStage(scope: Construct, api: RestApi, props: HydrantApiProps): Deployment {
  const { stage, usagePlans } = props;
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', {
    retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
  });
  const deployment = new Deployment(api, 'Deployment', { api, description: `Hydrant ${stage} public API` });
  const options: StageOptions = {
    stageName: stage,
    accessLogDestination: new LogGroupLogDestination(accessLogs),
    accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
    tracingEnabled: true,
    loggingLevel: MethodLoggingLevel.ERROR,
    // Request and response bodies carry tokens and personal data: never log them.
    dataTraceEnabled: false,
    metricsEnabled: true,
    // The stage ceiling must not cap a plan: the largest plan times ten, so several partners fit.
    throttlingRateLimit: Math.max(...usagePlans.map((p) => p.rateLimit)) * 10,
    throttlingBurstLimit: Math.max(...usagePlans.map((p) => p.burstLimit)) * 10,
  };
  api.deploymentStage = new Stage(api, `DeploymentStage.${stage}`, { deployment, ...options });
  return deployment;
}

function acknowledgeApiFindings(api: RestApi): void {
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-APIG2',
    reason: 'Every path, query, header and body is validated by the zod schemas of the app model inside the platform middleware, which answers RFC 9457 problem+json with per-field errors as the contract requires; API Gateway validators would answer a different body shape.',
  });
  const cloudWatchRole = api.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole) {
    Validations.of(cloudWatchRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'The account-level role API Gateway itself assumes to write access and execution logs; AWS maintains this policy for exactly that purpose and no workload uses the role.',
    });
  }
}

/** API Gateway's own refusals answer with the same problem documents as the handlers and the local gateway. */
function addProblemResponses(api: RestApi): void {
  for (const [id, problem] of Object.entries(GATEWAY_PROBLEMS) as [string, GatewayProblem][]) {
    api.addGatewayResponse(`Problem-${id}`, {
      type: ResponseType.of(problem.responseType),
      ...(problem.status === undefined ? {} : { statusCode: String(problem.status) }),
      responseHeaders: { 'Content-Type': "'application/problem+json'" },
      templates: { 'application/json': gatewayProblemTemplate(problem) },
    });
  }
}

function validateUsagePlan(decl: UsagePlanDecl): void {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(decl.id)) throw new Error(`Usage plan id "${decl.id}" is invalid: use 1-32 lowercase letters, digits and dashes starting with a letter`);
  if (!(decl.rateLimit > 0) || !Number.isInteger(decl.burstLimit) || decl.burstLimit < 1) {
    throw new Error(`Usage plan ${decl.id}: rateLimit must be positive and burstLimit a positive integer`);
  }
}

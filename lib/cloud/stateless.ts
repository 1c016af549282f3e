/**
 * The stateless half of Hydrant, built entirely from the app model: the REST API with
 * one Lambda per route, the work queues with their DLQs and consumers, the schedules
 * and the IoT rules. Everything here can be destroyed and redeployed without losing data.
 *
 * Each concern has its file (`api.ts`, `routes.ts`, `waf.ts`, `queues.ts`, `alarms.ts`,
 * `schedules.ts`, `stream-consumers.ts`, `iot.ts`) and builds directly into this construct,
 * so that the construct paths, hence the logical ids, are those already deployed.
 */
import type { NestedStack } from 'aws-cdk-lib';
import type { ApiKey, CognitoUserPoolsAuthorizer, Deployment, Method, RestApi, UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { CfnPolicy } from 'aws-cdk-lib/aws-iot';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { AppModel, QueueName } from '#lib/model/types';
import { createAlarmTopic } from './alarms';
import { EmailSending } from './email';
import { LiveApi } from './live';
import { HydrantApi } from './api';
import type { FunctionDefaults, HydrantFunction } from './hydrant-function';
import { createDevicePolicy, IotRules, usesIot } from './iot';
import { ModelFunctions } from './model-functions';
import { WorkQueues, type DeployedQueue } from './queues';
import { ApiRoutes } from './routes';
import { ScheduledFunctions } from './schedules';
import type { Stateful } from './stateful';
import { StreamConsumers, type DeployedStreamConsumer } from './stream-consumers';
import { ApiFirewall } from './waf';
import { GraphqlApiConstruct } from './graphql';

export { usesIot } from './iot';
export type { DeployedQueue } from './queues';

/** Props of {@link Stateless}. */
export interface StatelessProps {
  readonly model: AppModel;
  readonly stateful: Stateful;
  readonly functionDefaults: FunctionDefaults;
  /** Absolute path of the `functions/` folder the model's handler names are relative to. */
  readonly functionsDir: string;
  /**
   * Origins answered by CORS preflight (OPTIONS) on every resource.
   * @default - no preflight methods
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Requests per 5 minutes from one IP address before the WAF blocks it.
   * @default 2000
   */
  readonly wafRateLimitPer5Minutes?: number;
  /**
   * The API's public base URL, given to every route function as `API_PUBLIC_URL`.
   * @default - the stage's execute-api URL
   */
  readonly apiPublicUrl?: string;
  /**
   * The sender of notification e-mails: an address or a domain, an SES identity the stack
   * declares (SES verifies it: a link to the address, or the domain's DKIM records).
   * @default 'notifications@example.com'
   */
  readonly emailSender?: string;
}

/** The API, its functions, the queues and their workers, schedules and IoT rules. */
export class Stateless extends Construct {
  readonly api: RestApi;
  /** The deployment of the API's stage: it waits for every method and changes with each (see `HydrantApi.deploys`). */
  readonly deployment: Deployment;
  /** Where clients reach the API (no trailing slash): links in answers start with it. */
  readonly publicUrl: string;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  /** One API Gateway usage plan per plan of the model, by model plan id, in the model's order. */
  readonly usagePlans: ReadonlyMap<string, UsagePlan>;
  /** The model's first plan: the default of keys that have no policy of their own. */
  readonly defaultUsagePlan: UsagePlan;
  /** The bootstrap key of the default usage plan; its value is never output (read it with `aws apigateway get-api-key --include-value`). */
  readonly bootstrapApiKey: ApiKey;
  readonly webAcl: CfnWebACL;
  /** One function per route, by operation id. */
  readonly routeFunctions: ReadonlyMap<string, HydrantFunction>;
  /** One method per route, by operation id. */
  readonly methods: ReadonlyMap<string, Method>;
  /** The nested stack of each area (route tag) that holds its route functions. */
  readonly routeStacks: ReadonlyMap<string, NestedStack>;
  /** The nested stack of each area (route tag) that holds its API methods (and CORS preflights). */
  readonly methodStacks: ReadonlyMap<string, NestedStack>;
  readonly queues: ReadonlyMap<QueueName, DeployedQueue>;
  /** Consumer function of each queue that has one. */
  readonly consumers: ReadonlyMap<QueueName, HydrantFunction>;
  readonly scheduleFunctions: ReadonlyMap<string, HydrantFunction>;
  /**
   * The topic the alarms of the model's schedules notify (subscribe the operators' e-mail
   * or chat to it); KMS-encrypted with a key of its own, TLS only.
   */
  readonly alarmTopic: Topic;
  /** The alarm of each schedule that declares one, by schedule name. */
  readonly scheduleAlarms: ReadonlyMap<string, Alarm>;
  /** The function and on-failure queue of each stream consumer of the model (the outbox relay), by name. */
  readonly streamConsumers: ReadonlyMap<string, DeployedStreamConsumer>;
  /** Where IoT rule actions that fail deliver their error payloads, if the model has IoT rules. */
  readonly iotErrorQueue?: Queue;
  /** The function of each IoT rule that invokes one, by rule name. */
  readonly iotRuleFunctions: ReadonlyMap<string, HydrantFunction>;
  /** The IoT policy of every device certificate, if the model has IoT rules or manages devices. */
  readonly devicePolicy?: CfnPolicy;
  /** The live WebSocket API, if the model declares one. */
  readonly live?: LiveApi;
  /** The SES sender identity and configuration set of notification e-mails. */
  readonly email: EmailSending;
  /** The AppSync GraphQL API and its resolver function, if the model declares one. */
  readonly graphql?: GraphqlApiConstruct;

  constructor(scope: Construct, id: string, props: StatelessProps) {
    super(scope, id);
    const { model, stateful, functionDefaults } = props;
    const { stage } = functionDefaults;

    const queues = new WorkQueues(this, { queues: model.queues, stage, documentsBucket: stateful.documentsBucket });
    this.queues = queues.queues;
    // Before any function: those that manage devices are given the device policy's name.
    if (usesIot(model)) this.devicePolicy = createDevicePolicy(this, stage);

    const api = new HydrantApi(this, {
      stage,
      usagePlans: model.usagePlans,
      userPool: stateful.userPool,
      ...(props.corsOrigins ? { corsOrigins: props.corsOrigins } : {}),
      ...(props.apiPublicUrl ? { publicUrl: props.apiPublicUrl } : {}),
      ...(functionDefaults.logRetention ? { logRetention: functionDefaults.logRetention } : {}),
      ...(functionDefaults.logRemovalPolicy ? { logRemovalPolicy: functionDefaults.logRemovalPolicy } : {}),
    });
    ({ api: this.api, deployment: this.deployment, publicUrl: this.publicUrl, authorizer: this.authorizer, usagePlans: this.usagePlans } = api);
    ({ defaultUsagePlan: this.defaultUsagePlan, bootstrapApiKey: this.bootstrapApiKey } = api);

    // Before any function: those that post to live connections are given its callback URL.
    if (model.webSocket) {
      this.live = new LiveApi(this, 'Live', {
        decl: model.webSocket,
        stage,
        ...(functionDefaults.logRetention ? { logRetention: functionDefaults.logRetention } : {}),
        ...(functionDefaults.logRemovalPolicy ? { logRemovalPolicy: functionDefaults.logRemovalPolicy } : {}),
      });
    }
    this.email = new EmailSending(this, 'Email', { stage, sender: props.emailSender ?? 'notifications@example.com' });

    const functions = new ModelFunctions({
      stateful,
      functionDefaults,
      functionsDir: props.functionsDir,
      queues: this.queues,
      usagePlans: this.usagePlans,
      apiPublicUrl: this.publicUrl,
      ...(this.devicePolicy ? { devicePolicy: this.devicePolicy } : {}),
      ...(this.live ? { liveConnections: this.live.connections } : {}),
      email: this.email.access,
    });
    this.live?.addRoutes(functions);
    const routes = new ApiRoutes(this, { routes: model.routes, stage, api, functions });
    ({ functions: this.routeFunctions, methods: this.methods, stacks: this.routeStacks, methodStacks: this.methodStacks } = routes);

    this.webAcl = new ApiFirewall(this, {
      stage,
      apiStage: this.api.deploymentStage,
      ...(props.wafRateLimitPer5Minutes === undefined ? {} : { rateLimitPer5Minutes: props.wafRateLimitPer5Minutes }),
    }).webAcl;
    this.consumers = queues.addConsumers(functions);
    if (model.graphqlApi) {
      this.graphql = new GraphqlApiConstruct(this, 'Graphql', {
        decl: model.graphqlApi,
        stage,
        functions,
        userPool: stateful.userPool,
        webAcl: this.webAcl,
        ...(functionDefaults.logRetention ? { logRetention: functionDefaults.logRetention } : {}),
        ...(functionDefaults.logRemovalPolicy ? { logRemovalPolicy: functionDefaults.logRemovalPolicy } : {}),
      });
    }

    this.alarmTopic = createAlarmTopic(this, stage);
    const schedules = new ScheduledFunctions(this, { schedules: model.schedules, stage, functions, alarmTopic: this.alarmTopic });
    this.scheduleFunctions = schedules.functions;
    this.scheduleAlarms = schedules.alarms;
    this.streamConsumers = new StreamConsumers(this, { consumers: model.streamConsumers ?? [], stage, functions, table: stateful.tables.app }).consumers;

    const iot = model.iotRules.length > 0 ? new IotRules(this, { rules: model.iotRules, stage, functions, queues: this.queues }) : undefined;
    this.iotErrorQueue = iot?.errorQueue;
    this.iotRuleFunctions = iot?.functions ?? new Map();
  }

  /** The function of a route, by operation id. */
  routeFunction(operationId: string): HydrantFunction {
    const fn = this.routeFunctions.get(operationId);
    if (!fn) throw new Error(`No function for route ${operationId}`);
    return fn;
  }
}

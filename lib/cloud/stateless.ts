/**
 * The stateless half of Hydrant, built entirely from the app model: the REST API with
 * one Lambda per route, the work queues with their DLQs and consumers, the schedules
 * and the IoT rules. Everything here can be destroyed and redeployed without losing data.
 */
import { join } from 'node:path';
import { ArnFormat, Duration, NestedStack, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKey,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  Cors,
  EndpointType,
  Integration,
  IntegrationType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type Method,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { CfnPolicy, CfnTopicRule } from 'aws-cdk-lib/aws-iot';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { devicePolicyDocument } from '#lib/model/iot-rules';
import { GATEWAY_PROBLEMS, gatewayProblemTemplate, type GatewayProblem } from '#lib/model/gateway-responses';
import { acceptedScopes } from '#lib/model/scopes';
import { ALL_TABLES } from '#lib/model/table';
import { PLATFORM_ACCESS_OF_ROUTES, type AppModel, type FunctionSpec, type QueueDecl, type QueueName, type RouteDecl, type StreamConsumerDecl, type UsagePlanDecl } from '#lib/model/types';
import { HydrantFunction, type FunctionDefaults, type NamedQueue, type NamedUsagePlan } from './hydrant-function';
import type { Stateful } from './stateful';


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
}

/** Whether the model has IoT rules or a function that manages devices (then the stack has the device policy). */
export function usesIot(model: AppModel): boolean {
  const specs = [
    ...model.routes.map((r) => r.fn),
    ...model.queues.flatMap((q) => (q.consumer ? [q.consumer.fn] : [])),
    ...model.schedules.map((s) => s.fn),
    ...model.iotRules.flatMap((r) => r.actions.flatMap((a) => (a.kind === 'function' ? [a.fn] : []))),
  ];
  return model.iotRules.length > 0 || specs.some((fn) => fn.access.iotDevices === 'manage');
}

/** A model queue as deployed: the queue, its DLQ and its visibility timeout. */
export interface DeployedQueue extends NamedQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly visibilityTimeout: Duration;
  /** In alarm as soon as one message waits in the DLQ; add an action (SNS, chat) to be told. */
  readonly deadLetterAlarm: Alarm;
}



/** The API, its functions, the queues and their workers, schedules and IoT rules. */
export class Stateless extends Construct {
  readonly api: RestApi;
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
  readonly streamConsumers: ReadonlyMap<string, { readonly fn: HydrantFunction; readonly onFailure: Queue }>;
  /** Where IoT rule actions that fail deliver their error payloads, if the model has IoT rules. */
  readonly iotErrorQueue?: Queue;
  /** The function of each IoT rule that invokes one, by rule name. */
  readonly iotRuleFunctions: ReadonlyMap<string, HydrantFunction>;
  /** The IoT policy of every device certificate, if the model has IoT rules or manages devices. */
  readonly devicePolicy?: CfnPolicy;

  /** The nested stack of each area (route tag) that holds its route functions. */
  readonly routeStacks = new Map<string, NestedStack>();

  private readonly props: StatelessProps;

  constructor(scope: Construct, id: string, props: StatelessProps) {
    super(scope, id);
    this.props = props;
    const { model, functionDefaults } = props;
    const stage = functionDefaults.stage;

    this.queues = this.createQueues(model.queues);
    // Before any function: those that manage devices are given the device policy's name.
    if (usesIot(model)) this.devicePolicy = this.createDevicePolicy();

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: functionDefaults.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: functionDefaults.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    const corsOrigins = props.corsOrigins ?? [];
    this.api = new RestApi(this, 'Api', {
      restApiName: `hydrant-${stage}`,
      description: `Hydrant ${stage} public API`,
      endpointConfiguration: { types: [EndpointType.REGIONAL] },
      // Access and execution logging need the account-level CloudWatch role; retained
      // because it is an account setting other APIs may rely on after this stack is gone.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: stage,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        tracingEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies carry tokens and personal data: never log them.
        dataTraceEnabled: false,
        metricsEnabled: true,
        // The stage ceiling must not cap a plan: the largest plan times ten, so several partners fit.
        throttlingRateLimit: Math.max(...model.usagePlans.map((p) => p.rateLimit)) * 10,
        throttlingBurstLimit: Math.max(...model.usagePlans.map((p) => p.burstLimit)) * 10,
      },
      ...(corsOrigins.length > 0
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: [...corsOrigins],
              allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
              allowHeaders: [...Cors.DEFAULT_HEADERS, 'If-Match', 'If-None-Match', 'Idempotency-Key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    // The stack outputs the URL once, as ApiUrl; drop RestApi's automatic duplicate.
    this.api.node.tryRemoveChild('Endpoint');
    // Built from the API id and the stage name, not from the stage resource, so that a
    // function naming it does not wait for the deployment (which waits for the methods).
    const { region, urlSuffix } = Stack.of(this);
    this.publicUrl = props.apiPublicUrl ?? `https://${this.api.restApiId}.execute-api.${region}.${urlSuffix}/${stage}`;
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Every path, query, header and body is validated by the zod schemas of the app model inside the platform middleware, which answers RFC 9457 problem+json with per-field errors as the contract requires; API Gateway validators would answer a different body shape.',
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account-level role API Gateway itself assumes to write access and execution logs; AWS maintains this policy for exactly that purpose and no workload uses the role.',
      });
    }
    // API Gateway's own refusals answer with the same problem documents as the handlers and the local gateway.
    for (const [id, problem] of Object.entries(GATEWAY_PROBLEMS) as [string, GatewayProblem][]) {
      this.api.addGatewayResponse(`Problem-${id}`, {
        type: ResponseType.of(problem.responseType),
        ...(problem.status === undefined ? {} : { statusCode: String(problem.status) }),
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': gatewayProblemTemplate(problem) },
      });
    }

    this.usagePlans = this.createUsagePlans(model.usagePlans);
    this.defaultUsagePlan = this.usagePlans.get(model.usagePlans[0]!.id)!;
    this.bootstrapApiKey = new ApiKey(this, 'BootstrapApiKey', {
      apiKeyName: `hydrant-${stage}-bootstrap`,
      description: `First API key, in the ${model.usagePlans[0]!.name} plan; issue one key per client after bootstrap`,
      enabled: true,
    });
    this.defaultUsagePlan.addApiKey(this.bootstrapApiKey);

    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      authorizerName: `hydrant-${stage}-cognito`,
      cognitoUserPools: [props.stateful.userPool],
      identitySource: 'method.request.header.Authorization',
    });

    const routeFunctions = new Map<string, HydrantFunction>();
    const methods = new Map<string, Method>();
    for (const route of model.routes) {
      if (routeFunctions.has(route.operationId)) throw new Error(`Duplicate operationId ${route.operationId} in the app model`);
      const fn = this.createFunction(this.routeStack(route.tag), route.operationId, route.handler, route.fn, `${route.method} ${route.path} (${route.operationId})`, {
        route: true,
        functionName: this.routeFunctionName(route),
      });
      routeFunctions.set(route.operationId, fn);
      methods.set(route.operationId, this.addRoute(route, fn));
    }
    this.routeFunctions = routeFunctions;
    this.methods = methods;
    // No dependency of the deployment on the nested stacks: the functions that manage API
    // keys name the usage plans, which name the stage. On the very first deploy the stage may
    // go live a few seconds before its functions exist (calls then fail with a 5xx).

    this.webAcl = this.createWebAcl(props.wafRateLimitPer5Minutes ?? 2000);

    const consumers = new Map<QueueName, HydrantFunction>();
    const consumersScope = new Construct(this, 'Consumers');
    for (const decl of model.queues) {
      if (!decl.consumer) continue;
      const deployed = this.queues.get(decl.name)!;
      const fn = this.createFunction(consumersScope, decl.name, decl.consumer.handler, decl.consumer.fn, `SQS consumer of ${decl.name}`, { route: false });
      fn.consumes(deployed, decl.batchSize, decl.maxConcurrency);
      consumers.set(decl.name, fn);
    }
    this.consumers = consumers;

    this.alarmTopic = this.createAlarmTopic();
    const scheduleAlarms = new Map<string, Alarm>();
    const scheduleFunctions = new Map<string, HydrantFunction>();
    const schedulesScope = new Construct(this, 'Schedules');
    for (const schedule of model.schedules) {
      const fn = this.createFunction(schedulesScope, schedule.name, schedule.handler, schedule.fn, `Scheduled ${schedule.name}: ${schedule.expression}`, {
        route: false,
      });
      new Rule(schedulesScope, `${schedule.name}-Rule`, {
        description: `Hydrant ${stage}: ${schedule.name}`,
        schedule: Schedule.expression(schedule.expression),
        targets: [new LambdaFunction(fn.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
      });
      scheduleFunctions.set(schedule.name, fn);
      if (schedule.alarm) {
        const { metricName, threshold = 1, periodMinutes = 60, description } = schedule.alarm;
        const alarm = new Alarm(schedulesScope, `${schedule.name}-${metricName}Alarm`, {
          alarmDescription: `Hydrant ${stage}: ${description}`,
          // What Powertools Metrics emits: namespace and service of every Hydrant function.
          metric: new Metric({
            namespace: 'Hydrant',
            metricName,
            dimensionsMap: { service: 'hydrant' },
            statistic: 'Sum',
            period: Duration.minutes(periodMinutes),
          }),
          threshold,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(new SnsAction(this.alarmTopic));
        scheduleAlarms.set(schedule.name, alarm);
      }
    }
    this.scheduleFunctions = scheduleFunctions;
    this.scheduleAlarms = scheduleAlarms;
    this.streamConsumers = this.createStreamConsumers(model.streamConsumers ?? []);

    const iot = model.iotRules.length > 0 ? this.createIotRules(model) : undefined;
    this.iotErrorQueue = iot?.errorQueue;
    this.iotRuleFunctions = iot?.functions ?? new Map();
  }

  /**
   * The alarm topic: encrypted with a customer managed key (rotated yearly) that
   * CloudWatch may use to publish alarm notifications, TLS-only publishing.
   */
  private createAlarmTopic(): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Hydrant ${this.props.functionDefaults.stage}: encrypts the alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets them.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey');
    return new Topic(this, 'AlarmTopic', {
      displayName: `Hydrant ${this.props.functionDefaults.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
  }

  /**
   * Each stream consumer: its function, an event source mapping on the application table's
   * stream that lets through only INSERTs of the consumer's entity, partial batch failures,
   * bisect on error, the model's retries, and an on-failure queue (encrypted, 14 days,
   * alarmed like a DLQ). The mapping grants the stream reads; the rest is the model's access.
   */
  private createStreamConsumers(decls: readonly StreamConsumerDecl[]): Map<string, { fn: HydrantFunction; onFailure: Queue }> {
    const consumers = new Map<string, { fn: HydrantFunction; onFailure: Queue }>();
    if (decls.length === 0) return consumers;
    const { stateful, functionDefaults } = this.props;
    if (!stateful.tables.app.tableStreamArn) throw new Error('Stream consumers need the application table\'s stream (TABLE_KEYS.streamViewType)');
    const scope = new Construct(this, 'StreamConsumers');
    for (const decl of decls) {
      if (consumers.has(decl.name)) throw new Error(`Duplicate stream consumer ${decl.name} in the app model`);
      const fn = this.createFunction(scope, decl.name, decl.handler, decl.fn, `Stream consumer ${decl.name} (${decl.entity} inserts)`, { route: false });
      const onFailure = new Queue(scope, `${decl.name}-OnFailure`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(onFailure).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is the on-failure destination of a DynamoDB stream event source mapping, i.e. already the dead-letter queue of the stream consumer; it needs no DLQ of its own.',
      });
      new Alarm(scope, `${decl.name}-OnFailureAlarm`, {
        alarmDescription: `Hydrant ${functionDefaults.stage}: stream records of ${decl.name} failed every retry and wait in its on-failure queue`,
        metric: onFailure.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      fn.function.addEventSource(
        new DynamoEventSource(stateful.tables.app, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: decl.batchSize,
          bisectBatchOnError: true,
          retryAttempts: decl.maxRetryAttempts,
          reportBatchItemFailures: true,
          maxRecordAge: Duration.hours(24),
          onFailure: new SqsDlq(onFailure),
          filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual(decl.entity) } } } })],
        }),
      );
      consumers.set(decl.name, { fn, onFailure });
    }
    return consumers;
  }

  /** The function of a route, by operation id. */
  routeFunction(operationId: string): HydrantFunction {
    const fn = this.routeFunctions.get(operationId);
    if (!fn) throw new Error(`No function for route ${operationId}`);
    return fn;
  }

  private createQueues(decls: readonly QueueDecl[]): Map<QueueName, DeployedQueue> {
    const queues = new Map<QueueName, DeployedQueue>();
    for (const decl of decls) {
      if (queues.has(decl.name)) throw new Error(`Duplicate queue ${decl.name} in the app model`);
      if (decl.maxReceiveCount < 1) throw new Error(`Queue ${decl.name}: maxReceiveCount must be at least 1`);
      const scope = new Construct(this, `Queue-${decl.name}`);
      const deadLetterQueue = new Queue(scope, 'Dlq', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        // The longest SQS allows: time to inspect and redrive failed messages.
        retentionPeriod: Duration.days(14),
      });
      const visibilityTimeout = Duration.seconds(decl.visibilityTimeoutSeconds);
      const queue = new Queue(scope, 'Queue', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout,
        retentionPeriod: Duration.days(4),
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: decl.maxReceiveCount },
      });
      // A message in a DLQ is a record the system failed to process: never let it sit unseen.
      const deadLetterAlarm = new Alarm(scope, 'DlqAlarm', {
        alarmDescription: `Hydrant ${this.props.functionDefaults.stage}: messages of ${decl.name} failed ${decl.maxReceiveCount} times and wait in its DLQ`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      queues.set(decl.name, { name: decl.name, queue, deadLetterQueue, visibilityTimeout, deadLetterAlarm });
      if (decl.objectCreatedPrefix !== undefined) this.sendObjectCreatedEvents(scope, decl.objectCreatedPrefix, queue);
    }
    return queues;
  }

  /**
   * The documents bucket's ObjectCreated events under `prefix`, to `queue`: the bucket
   * sends its events to EventBridge (a property of the bucket itself, so no custom
   * resource is needed) and a rule forwards those of this prefix to the queue.
   */
  private sendObjectCreatedEvents(scope: Construct, prefix: string, queue: Queue): void {
    const bucket = this.props.stateful.documentsBucket;
    (bucket.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    new Rule(scope, 'ObjectCreated', {
      description: `Hydrant ${this.props.functionDefaults.stage}: documents bucket objects created under ${prefix}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [bucket.bucketName] }, object: { key: [{ prefix }] } },
      },
      targets: [new SqsQueue(queue, { retryAttempts: 8, maxEventAge: Duration.hours(24) })],
    });
  }

  /**
   * One API Gateway usage plan per plan of the model, attached to the stage, with
   * throttling only. No API Gateway quota on purpose: Hydrant's platform counts the
   * quota itself (control table), so that a 304 Not Modified does not count and every
   * answer can carry RateLimit headers; an API Gateway quota would count both.
   */
  private createUsagePlans(decls: readonly UsagePlanDecl[]): Map<string, UsagePlan> {
    const stage = this.props.functionDefaults.stage;
    if (decls.length === 0) throw new Error('The app model declares no usage plan: the first one is the default plan of API keys');
    const plans = new Map<string, UsagePlan>();
    for (const decl of decls) {
      if (plans.has(decl.id)) throw new Error(`Duplicate usage plan ${decl.id} in the app model`);
      if (!/^[a-z][a-z0-9-]{0,31}$/.test(decl.id)) throw new Error(`Usage plan id "${decl.id}" is invalid: use 1-32 lowercase letters, digits and dashes starting with a letter`);
      if (!(decl.rateLimit > 0) || !Number.isInteger(decl.burstLimit) || decl.burstLimit < 1) {
        throw new Error(`Usage plan ${decl.id}: rateLimit must be positive and burstLimit a positive integer`);
      }
      plans.set(
        decl.id,
        this.api.addUsagePlan(`UsagePlan-${decl.id}`, {
          name: `hydrant-${stage}-${decl.id}`,
          description: `${decl.name}: API Gateway throttles; Hydrant counts the quota (${decl.quota.limit} per ${decl.quota.period.toLowerCase()})`,
          throttle: { rateLimit: decl.rateLimit, burstLimit: decl.burstLimit },
          apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
        }),
      );
    }
    return plans;
  }

  /**
   * The nested stack of an area's route functions. One Lambda per route costs about four
   * CloudFormation resources (function, role, log group, permission): the routes of every
   * area in one stack would pass CloudFormation's 500-resource limit, so each area (the
   * route's tag, a bounded context) gets a nested stack of its own. Methods stay with the API.
   */
  private routeStack(tag: string): NestedStack {
    let nested = this.routeStacks.get(tag);
    if (!nested) {
      const id = `Routes${tag.replace(/[^A-Za-z0-9]/g, '')}`;
      nested = new NestedStack(this, id, { description: `Hydrant ${this.props.functionDefaults.stage}: route functions of ${tag}` });
      this.routeStacks.set(tag, nested);
    }
    return nested;
  }

  /** `hydrant-<stage>-<operationId>`: the physical name of a route function integrated by name. */
  private routeFunctionName(route: RouteDecl): string {
    const name = `hydrant-${this.props.functionDefaults.stage}-${route.operationId}`;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new Error(`${route.operationId}: function name ${name} is not a valid Lambda name (1-64 letters, digits, - and _)`);
    return name;
  }

  /**
   * A project-standard function for one model entry, with the environment and grants
   * its `access` declares; a route function also gets the platform's access to the
   * control and audit tables (`PLATFORM_ACCESS_OF_ROUTES`).
   */
  private createFunction(
    scope: Construct,
    id: string,
    handler: string,
    spec: FunctionSpec,
    description: string,
    options: { readonly route: boolean; readonly functionName?: string },
  ): HydrantFunction {
    const { stateful, functionDefaults, functionsDir } = this.props;
    const fn = new HydrantFunction(scope, id, {
      ...functionDefaults,
      entry: join(functionsDir, `${handler}.ts`),
      description,
      ...(spec.memoryMb === undefined ? {} : { memorySize: spec.memoryMb }),
      ...(spec.timeoutSeconds === undefined ? {} : { timeout: Duration.seconds(spec.timeoutSeconds) }),
      ...(options.functionName ? { functionName: options.functionName } : {}),
    });
    const { access } = spec;
    if (access.table) fn.bindTable(stateful.tables.app, ALL_TABLES.app, access.table);
    if (options.route) {
      fn.bindTable(stateful.tables.control, ALL_TABLES.control, PLATFORM_ACCESS_OF_ROUTES.control);
      fn.bindTable(stateful.tables.audit, ALL_TABLES.audit, PLATFORM_ACCESS_OF_ROUTES.audit);
      // Links in answers (the calendar feed's) start here, never at the request's Host header.
      fn.function.addEnvironment('API_PUBLIC_URL', this.publicUrl);
    } else if (access.controlTable) {
      fn.bindTable(stateful.tables.control, ALL_TABLES.control, access.controlTable);
    }
    if (access.auditLog) fn.bindTable(stateful.tables.audit, ALL_TABLES.audit, access.auditLog);
    if (access.apiKeys === 'manage') {
      fn.manageApiKeys([...this.usagePlans].map(([planId, plan]): NamedUsagePlan => ({ id: planId, plan })));
    }
    if (access.documentsBucket) fn.bindBucket(stateful.documentsBucket, access.documentsBucket, access.documentsPrefixes);
    if (access.iotDevices === 'manage') fn.manageIotDevices(this.devicePolicy!.ref); // Ref: the policy name, and a dependency on it
    if (access.telemetry) stateful.telemetry.grant(fn, access.telemetry);
    if (access.userPool) fn.bindUserPool(stateful.userPool, stateful.userPoolClient, access.userPool);
    // Machine clients are told where to get their tokens.
    if (access.userPool === 'createClients') fn.function.addEnvironment('OAUTH_TOKEN_ENDPOINT', stateful.tokenEndpoint);
    if (access.webhookSecrets) fn.bindWebhookSecrets(stateful.webhookSecretsKey, access.webhookSecrets);
    for (const name of access.sendsTo ?? []) {
      const target = this.queues.get(name);
      if (!target) throw new Error(`${description} sends to queue ${name}, which the app model does not declare`);
      fn.sendsTo(target);
    }
    return fn;
  }

  /**
   * The proxy integration of a route: the method addresses its function by its fixed name
   * instead of referencing it. The functions live in nested stacks (see `routeStack`), and
   * a reference from a method would make the API's deployment wait for them while their
   * invoke permissions name the API: a cycle between stacks. A function that manages API
   * keys has the same cycle within one stack (its IAM names the usage plans, which name
   * the stage, the deployment and every method), which this also avoids.
   */
  private integrationOf(route: RouteDecl): Integration {
    const stack = Stack.of(this);
    const functionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: this.routeFunctionName(route),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return new Integration({
      type: IntegrationType.AWS_PROXY,
      integrationHttpMethod: 'POST',
      uri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    });
  }

  private addRoute(route: RouteDecl, fn: HydrantFunction): Method {
    const method = this.addMethod(route);
    // What LambdaIntegration grants: API Gateway may invoke the function for this method of
    // this API only. Any stage: naming the stage would make the function's stack wait for the
    // deployment, which waits for the functions.
    fn.function.addPermission(`ApiPermission.${route.method}.${route.operationId}`, {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: this.api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]+\}/g, '*'), '*'),
    });
    return method;
  }

  private addMethod(route: RouteDecl): Method {
    const resource = this.api.root.resourceForPath(route.path);
    const integration = this.integrationOf(route);
    if (route.auth.kind === 'authenticated') {
      return resource.addMethod(route.method, integration, {
        operationName: route.operationId,
        apiKeyRequired: route.apiKey,
        authorizer: this.authorizer,
        authorizationType: AuthorizationType.COGNITO,
        // Roles are checked by the function: a Cognito authorizer cannot test groups.
        authorizationScopes: acceptedScopes(route.auth),
      });
    }
    const method = resource.addMethod(route.method, integration, {
      operationName: route.operationId,
      apiKeyRequired: route.apiKey,
      authorizationType: AuthorizationType.NONE,
    });
    const why = `${route.method} ${route.path} (${route.operationId}) is public by design in the app model: ${
      route.apiKey ? 'it is how a client obtains a token, so it cannot require one; it still requires a usage-plan API key and sits behind the WAF' : 'an unauthenticated liveness probe returning no data'
    }.`;
    Validations.of(method).acknowledge({ id: 'AwsSolutions-APIG4', reason: why }, { id: 'AwsSolutions-COG4', reason: why });
    return method;
  }

  private createWebAcl(ratePer5Minutes: number): CfnWebACL {
    const stage = this.props.functionDefaults.stage;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    const managed = (name: string, priority: number, countOnly: readonly string[] = []) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
        },
      },
      visibilityConfig: visibility(name),
    });
    const webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `hydrant-${stage}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`hydrant-${stage}-api`),
      rules: [
        // The common set blocks bodies over 8 KB; batches of telemetry readings are larger.
        // Bodies stay bounded by API Gateway (10 MB) and by each route's zod schema.
        managed('AWSManagedRulesCommonRuleSet', 0, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'RateLimitPerIp',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: ratePer5Minutes, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });
    new CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
    return webAcl;
  }

  /**
   * The IoT policy attached to every device certificate (`lib/model/iot-rules.ts`): connect
   * as its own thing, only while attached to it, and publish to its own telemetry topic.
   */
  private createDevicePolicy(): CfnPolicy {
    const stack = Stack.of(this);
    return new CfnPolicy(this, 'DevicePolicy', {
      policyName: `hydrant-${this.props.functionDefaults.stage}-devices`,
      policyDocument: devicePolicyDocument(`arn:${stack.partition}:iot:${stack.region}:${stack.account}:`),
    });
  }

  /**
   * One `AWS::IoT::TopicRule` per model rule. A `function` action is a Lambda action with
   * a permission for IoT scoped to that rule; the function, invoked asynchronously,
   * retries twice and then sends the event to the error queue (on-failure destination).
   * A `queue` action is an SQS action. Every rule's error action sends what failed to
   * the error queue.
   */
  private createIotRules(model: AppModel): { errorQueue: Queue; functions: Map<string, HydrantFunction> } {
    const stage = this.props.functionDefaults.stage;
    const stack = Stack.of(this);
    const scope = new Construct(this, 'IotRules');
    // Failed rule actions land here; it is itself the end of the line, like a DLQ.
    const errorQueue = new Queue(scope, 'ErrorQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(errorQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the error action of the IoT topic rules, i.e. already the dead-letter destination for failed rule actions; nothing consumes it automatically, so it needs no DLQ of its own.',
    });
    const role = new Role(scope, 'Role', {
      assumedBy: new ServicePrincipal('iot.amazonaws.com'),
      description: `IoT topic rules of Hydrant ${stage}: deliver to SQS`,
    });
    errorQueue.grantSendMessages(role);
    const functions = new Map<string, HydrantFunction>();
    for (const rule of model.iotRules) {
      if (!/^[A-Za-z0-9_]+$/.test(rule.name)) throw new Error(`IoT rule name "${rule.name}" is invalid: use letters, digits and _ only`);
      if (rule.errorAction.queue !== 'iot-errors') throw new Error(`IoT rule ${rule.name}: unknown error queue ${rule.errorAction.queue}`);
      const actions: CfnTopicRule.ActionProperty[] = [];
      const invoked: HydrantFunction[] = [];
      for (const action of rule.actions) {
        if (action.kind === 'queue') {
          const target = this.queues.get(action.queue);
          if (!target) throw new Error(`IoT rule ${rule.name} targets queue ${action.queue}, which the app model does not declare`);
          target.queue.grantSendMessages(role);
          actions.push({ sqs: { queueUrl: target.queue.queueUrl, roleArn: role.roleArn, useBase64: false } });
        } else {
          if (functions.has(rule.name)) throw new Error(`IoT rule ${rule.name} invokes more than one function: declare one rule per function`);
          const fn = this.createFunction(scope, `${rule.name}-Function`, action.handler, action.fn, `IoT rule ${rule.name}: ${action.handler}`, { route: false });
          fn.function.configureAsyncInvoke({ onFailure: new SqsDestination(errorQueue), retryAttempts: 2, maxEventAge: Duration.hours(6) });
          functions.set(rule.name, fn);
          invoked.push(fn);
          actions.push({ lambda: { functionArn: fn.function.functionArn } });
        }
      }
      if (actions.length === 0) throw new Error(`IoT rule ${rule.name} has no action`);
      const topicRule = new CfnTopicRule(scope, rule.name, {
        ruleName: `hydrant_${stage}_${rule.name}`.replace(/[^A-Za-z0-9_]/g, '_'),
        topicRulePayload: {
          sql: rule.sql,
          awsIotSqlVersion: '2016-03-23',
          ruleDisabled: false,
          actions,
          errorAction: { sqs: { queueUrl: errorQueue.queueUrl, roleArn: role.roleArn, useBase64: false } },
        },
      });
      for (const fn of invoked) {
        // IoT may invoke the function for this rule only (no confused deputy).
        fn.function.addPermission(`IotRule-${rule.name}`, {
          principal: new ServicePrincipal('iot.amazonaws.com'),
          sourceArn: topicRule.attrArn,
          sourceAccount: stack.account,
        });
      }
    }
    return { errorQueue, functions };
  }
}

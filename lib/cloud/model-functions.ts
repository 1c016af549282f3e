/**
 * How a function declared in the app model becomes a HydrantFunction: one place that turns
 * a `FunctionSpec`'s `access` into environment variables and least-privilege grants, for
 * routes, queue consumers, schedules, stream consumers and IoT rules alike.
 */
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import type { CfnPolicy } from 'aws-cdk-lib/aws-iot';
import type { Construct } from 'constructs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ALL_TABLES } from '#lib/model/table';
import { PLATFORM_ACCESS_OF_ROUTES, type FunctionSpec, type QueueName } from '#lib/model/types';
import type { EmailAccess } from './email';
import { HydrantFunction, type FunctionDefaults, type NamedQueue, type NamedUsagePlan } from './hydrant-function';
import type { LiveConnectionsAccess } from './live';
import type { Stateful } from './stateful';

/** Props of {@link ModelFunctions}. */
export interface ModelFunctionsProps {
  readonly stateful: Stateful;
  readonly functionDefaults: FunctionDefaults;
  /** Absolute path of the `functions/` folder the model's handler names are relative to. */
  readonly functionsDir: string;
  /** The model's queues as deployed, for `access.sendsTo`. */
  readonly queues: ReadonlyMap<QueueName, NamedQueue>;
  /** The API's usage plans by model plan id, for `access.apiKeys: 'manage'`. */
  readonly usagePlans: ReadonlyMap<string, UsagePlan>;
  /** Given to every route function as `API_PUBLIC_URL`. */
  readonly apiPublicUrl: string;
  /**
   * The device policy, for `access.iotDevices: 'manage'`.
   * @default - none: a function that manages devices is refused
   */
  readonly devicePolicy?: CfnPolicy;
  /**
   * The live WebSocket API's connections, for `access.liveConnections`.
   * @default - none: a function that posts to connections is refused
   */
  readonly liveConnections?: LiveConnectionsAccess;
  /**
   * The SES sender, for `access.email`.
   * @default - none: a function that sends e-mail is refused
   */
  readonly email?: EmailAccess;
}

/** What every part of the stateless half that builds model functions is given. */
export interface ModelPartProps {
  /** The stage the resources' names and descriptions carry. */
  readonly stage: string;
  /** Builds the part's functions from their model declarations. */
  readonly functions: ModelFunctions;
}

/** What kind of model entry a function serves. */
export interface ModelFunctionOptions {
  /** A route function also gets the platform's access to the control and audit tables. */
  readonly route: boolean;
  /** @default - a name CloudFormation generates */
  readonly functionName?: string;
}

/** Builds the functions of the app model with the grants their `access` declares. */
export class ModelFunctions {
  constructor(private readonly props: ModelFunctionsProps) {}

  /**
   * A project-standard function for one model entry, with the environment and grants
   * its `access` declares; a route function also gets the platform's access to the
   * control and audit tables (`PLATFORM_ACCESS_OF_ROUTES`).
   */
  create(scope: Construct, id: string, handler: string, spec: FunctionSpec, description: string, options: ModelFunctionOptions): HydrantFunction {
    const { functionDefaults, functionsDir } = this.props;
    const fn = new HydrantFunction(scope, id, {
      ...functionDefaults,
      entry: join(functionsDir, `${handler}.ts`),
      description,
      ...(spec.memoryMb === undefined ? {} : { memorySize: spec.memoryMb }),
      ...(spec.timeoutSeconds === undefined ? {} : { timeout: Duration.seconds(spec.timeoutSeconds) }),
      ...(options.functionName ? { functionName: options.functionName } : {}),
      ...(spec.files ? { files: spec.files } : {}),
    });
    this.bindTables(fn, spec, options.route);
    this.bindServices(fn, spec);
    this.bindQueues(fn, spec, description);
    return fn;
  }

  private bindTables(fn: HydrantFunction, { access }: FunctionSpec, route: boolean): void {
    const { tables } = this.props.stateful;
    if (access.table) fn.bindTable(tables.app, ALL_TABLES.app, access.table);
    if (route) {
      fn.bindTable(tables.control, ALL_TABLES.control, PLATFORM_ACCESS_OF_ROUTES.control);
      fn.bindTable(tables.audit, ALL_TABLES.audit, PLATFORM_ACCESS_OF_ROUTES.audit);
      // Links in answers (the calendar feed's) start here, never at the request's Host header.
      fn.function.addEnvironment('API_PUBLIC_URL', this.props.apiPublicUrl);
    } else if (access.controlTable) {
      fn.bindTable(tables.control, ALL_TABLES.control, access.controlTable);
    }
    if (access.auditLog) fn.bindTable(tables.audit, ALL_TABLES.audit, access.auditLog);
  }

  private bindServices(fn: HydrantFunction, { access }: FunctionSpec): void {
    const { stateful, usagePlans, devicePolicy } = this.props;
    if (access.apiKeys === 'manage') {
      fn.manageApiKeys([...usagePlans].map(([planId, plan]): NamedUsagePlan => ({ id: planId, plan })));
    }
    if (access.documentsBucket) fn.bindBucket(stateful.documentsBucket, access.documentsBucket, access.documentsPrefixes);
    if (access.iotDevices === 'manage') {
      if (!devicePolicy) throw new Error(`${fn.description} manages IoT devices, but the stack has no device policy`);
      fn.manageIotDevices(devicePolicy.ref); // Ref: the policy name, and a dependency on it
    }
    if (access.telemetry) stateful.telemetry.grant(fn, access.telemetry);
    if (access.userPool) fn.bindUserPool(stateful.userPool, stateful.userPoolClient, access.userPool);
    // Machine clients are told where to get their tokens.
    if (access.userPool === 'createClients') fn.function.addEnvironment('OAUTH_TOKEN_ENDPOINT', stateful.tokenEndpoint);
    if (access.webhookSecrets) fn.bindWebhookSecrets(stateful.webhookSecretsKey, access.webhookSecrets);
    this.bindMessaging(fn, access);
  }

  /** Live connections (ManageConnections on POST @connections of the stage), SES (SendEmail from the sender), unsubscribe links (the HMAC key). */
  private bindMessaging(fn: HydrantFunction, access: FunctionSpec['access']): void {
    const { liveConnections, email, stateful } = this.props;
    if (access.liveConnections) {
      if (!liveConnections) throw new Error(`${fn.description} posts to live connections, but the stack has no WebSocket API`);
      fn.postToLiveConnections(liveConnections.callbackUrl, liveConnections.postArn);
    }
    if (access.email) {
      if (!email) throw new Error(`${fn.description} sends e-mail, but the stack has no e-mail sender`);
      fn.function.addEnvironment('EMAIL_FROM', email.from);
      fn.function.addEnvironment('SES_CONFIGURATION_SET', email.configurationSetName);
      fn.role.addToPolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: [...email.sendArns] }));
    }
    if (access.unsubscribeTokens) {
      fn.function.addEnvironment('UNSUBSCRIBE_KEY_ID', stateful.unsubscribeKey.keyArn);
      fn.role.addToPolicy(new PolicyStatement({ actions: [access.unsubscribeTokens === 'sign' ? 'kms:GenerateMac' : 'kms:VerifyMac'], resources: [stateful.unsubscribeKey.keyArn] }));
      // The links start at the API's public URL (route functions have it already).
      if (access.unsubscribeTokens === 'sign') fn.function.addEnvironment('API_PUBLIC_URL', this.props.apiPublicUrl);
    }
  }

  private bindQueues(fn: HydrantFunction, { access }: FunctionSpec, description: string): void {
    for (const name of access.sendsTo ?? []) {
      const target = this.props.queues.get(name);
      if (!target) throw new Error(`${description} sends to queue ${name}, which the app model does not declare`);
      fn.sendsTo(target);
    }
  }
}

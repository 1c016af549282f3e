/**
 * The project-standard Lambda function: one way to build every function of Hydrant
 * (runtime, architecture, bundling, logs, tracing, environment) and one way to give
 * it access to a resource, so that the environment variable a handler reads and the
 * IAM grant it needs are always set together and never drift apart.
 */
import { existsSync } from 'node:fs';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DataAccess } from '#lib/model/types';

/** The newest Node.js runtime aws-cdk-lib offers; cdk-nag AwsSolutions-L1 checks it stays so. */
export const HYDRANT_RUNTIME = Runtime.NODEJS_24_X;

/** Powertools log levels. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Settings every function of one stage shares; built once by the stack. */
export interface FunctionDefaults {
  /** Stage name, exported as `STAGE`. */
  readonly stage: string;
  /**
   * Version of the deployed code, exported as `HYDRANT_VERSION` (the health route reports it).
   * @default - not set (the handlers' config default applies)
   */
  readonly version?: string;
  /**
   * Origins allowed by CORS, exported as the comma list `CORS_ALLOWED_ORIGINS`.
   * @default - none (no browser origin is allowed)
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * Powertools log level (`POWERTOOLS_LOG_LEVEL`).
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Retention of each function's log group.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log group when the function is removed.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** Props of {@link HydrantFunction}. */
export interface HydrantFunctionProps extends FunctionDefaults {
  /** Absolute path of the handler module (a `.ts` file exporting `handler`). */
  readonly entry: string;
  /**
   * What the function is, for the console and for error messages (e.g. `GET /v1/sites`).
   * @default - the construct path
   */
  readonly description?: string;
  /**
   * Memory in MB.
   * @default 256
   */
  readonly memorySize?: number;
  /**
   * Timeout; a consumer's must stay below its queue's visibility timeout ({@link HydrantFunction.consumes}).
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
  /**
   * Extra environment variables.
   * @default - none beyond the standard ones
   */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A queue of the app model as the functions see it: its model name and the SQS queue. */
export interface NamedQueue {
  /** The model name, e.g. `telemetry-events`; gives the `QUEUE_URL_<NAME>` variable. */
  readonly name: string;
  readonly queue: IQueue;
}

/** Actions a function may perform on the table, by access level. No Scan: no request path scans. */
const TABLE_ACTIONS: Record<DataAccess, readonly string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
  readWrite: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
  ],
};

/** The Cognito admin API a back-office function may call (user management); never a wildcard. */
const USER_POOL_ADMIN_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
] as const;

/** `telemetry-events` -> `QUEUE_URL_TELEMETRY_EVENTS`. */
export function queueUrlVariable(queueName: string): string {
  return `QUEUE_URL_${queueName.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The project-standard function: NodejsFunction on the newest Node.js runtime, arm64,
 * esbuild ESM bundle targeting Node 20 (the version the code is tested on), its own
 * log group with retention, active X-Ray tracing, the Powertools environment, and a
 * role that starts with nothing but the right to write its own logs.
 */
export class HydrantFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** The handler module this function bundles. */
  readonly entry: string;
  /** Human-readable name used in validation errors. */
  readonly description: string;

  constructor(scope: Construct, id: string, props: HydrantFunctionProps) {
    super(scope, id);
    this.description = props.description ?? this.node.path;
    this.entry = props.entry;
    if (!existsSync(props.entry)) {
      throw new Error(`${this.description}: handler module ${props.entry} does not exist (it must export \`handler\`)`);
    }
    const memorySize = props.memorySize ?? 256;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(`${this.description}: memory ${memorySize} MB is outside Lambda's 128-10240 MB`);
    }
    const timeout = props.timeout ?? Duration.seconds(10);
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > 900) {
      throw new Error(`${this.description}: timeout ${timeout.toSeconds()} s is outside Lambda's 1-900 s`);
    }

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: the managed policy lets a
    // function write to every log group of the account, this one only to its own.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.description}`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: this.description.slice(0, 256),
      runtime: HYDRANT_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize,
      timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        STAGE: props.stage,
        ...(props.version ? { HYDRANT_VERSION: props.version } : {}),
        CORS_ALLOWED_ORIGINS: (props.corsAllowedOrigins ?? []).join(','),
        POWERTOOLS_SERVICE_NAME: 'hydrant',
        POWERTOOLS_METRICS_NAMESPACE: 'Hydrant',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Stack traces point at the TypeScript sources through the bundled source maps.
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node20',
        platform: 'node',
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Prefer ESM entry points so esbuild can tree-shake the AWS SDK and Powertools.
        mainFields: ['module', 'main'],
        // Bundle the SDK too: the versions the tests ran against, not the runtime's.
        bundleAwsSDK: true,
        // CommonJS dependencies bundled into an ESM file still call require().
        banner: "import { createRequire as __hydrantCreateRequire } from 'node:module'; const require = __hydrantCreateRequire(import.meta.url);",
      },
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords cannot be scoped to a resource.
    this.acknowledgeWildcard(
      'Resource::*',
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions (IAM requires "*").',
    );
  }

  /** Sets `TABLE_NAME` and grants exactly the item actions of `access` on the table and its indexes. */
  bindTable(table: ITable, access: DataAccess): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...TABLE_ACTIONS[access]],
        resources: [table.tableArn, `${table.tableArn}/index/*`],
      }),
    );
    this.acknowledgeWildcard(
      `Resource::<${this.logicalIdOf(table)}.Arn>/index/*`,
      'Queries on the global secondary indexes of the application table (GSI1-GSI3); the grant covers only the indexes of this one table.',
    );
    return this;
  }

  /**
   * Sets `DOCUMENTS_BUCKET` and grants object reads (and writes for `readWrite`) in the
   * bucket, plus the use of its KMS key that SSE-KMS needs for them.
   */
  bindBucket(bucket: IBucket, access: DataAccess): this {
    this.function.addEnvironment('DOCUMENTS_BUCKET', bucket.bucketName);
    const objectActions = access === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'];
    this.role.addToPolicy(new PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }));
    this.acknowledgeWildcard(
      `Resource::<${this.logicalIdOf(bucket)}.Arn>/*`,
      'Documents are keyed by tenant and id, created at run time; the grant covers the objects of the documents bucket only.',
    );
    const key: IKey | undefined = bucket.encryptionKey;
    if (key) {
      const keyActions = access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'];
      this.role.addToPolicy(new PolicyStatement({ actions: keyActions, resources: [key.keyArn] }));
    }
    return this;
  }

  /** Sets `QUEUE_URL_<NAME>` and grants `sqs:SendMessage` (and what the SDK needs with it) on that queue. */
  sendsTo(target: NamedQueue): this {
    this.function.addEnvironment(queueUrlVariable(target.name), target.queue.queueUrl);
    target.queue.grantSendMessages(this.role);
    return this;
  }

  /**
   * Sets `USER_POOL_ID` and `USER_POOL_CLIENT_ID`. `public` adds no IAM at all: the
   * public client's InitiateAuth and RevokeToken are unauthenticated Cognito APIs.
   * `admin` grants the listed Admin* user-management actions on this pool only.
   */
  bindUserPool(pool: IUserPool, client: IUserPoolClient, access: 'public' | 'admin'): this {
    this.function.addEnvironment('USER_POOL_ID', pool.userPoolId);
    this.function.addEnvironment('USER_POOL_CLIENT_ID', client.userPoolClientId);
    if (access === 'admin') pool.grant(this.role, ...USER_POOL_ADMIN_ACTIONS);
    return this;
  }

  /**
   * Makes the function the consumer of a queue: SQS event source with partial batch
   * responses. Throws unless the function's timeout is below the queue's visibility
   * timeout, otherwise a message still in flight would be delivered a second time.
   */
  consumes(source: NamedQueue & { readonly visibilityTimeout: Duration }, batchSize: number): this {
    const timeout = this.function.timeout?.toSeconds() ?? 3;
    const visibility = source.visibilityTimeout.toSeconds();
    if (timeout >= visibility) {
      throw new Error(
        `${this.description}: timeout ${timeout} s must be below the visibility timeout of queue ${source.name} (${visibility} s)`,
      );
    }
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`${this.description}: batch size ${batchSize} of queue ${source.name} is outside SQS's 1-10000`);
    }
    this.function.addEventSource(
      new SqsEventSource(source.queue, {
        batchSize,
        reportBatchItemFailures: true,
        // SQS requires a batching window for batches above 10 messages.
        ...(batchSize > 10 ? { maxBatchingWindow: Duration.seconds(1) } : {}),
      }),
    );
    return this;
  }

  private logicalIdOf(resource: Construct): string {
    const child = resource.node.defaultChild;
    if (!child) throw new Error(`${resource.node.path} has no CloudFormation resource to reference`);
    return Stack.of(this).getLogicalId(child as never);
  }

  /**
   * Acknowledges one cdk-nag IAM5 finding on this function's role policy only, with
   * the finding's exact resource or action, so no other wildcard is hidden by it.
   */
  private acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

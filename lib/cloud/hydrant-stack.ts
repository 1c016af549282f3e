/**
 * The one stack of a Hydrant stage: the stateful and stateless constructs built from
 * the app model, and the outputs a client or operator needs after a deploy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { AppModel } from '#lib/model/types';
import { ConsoleSite } from './console-site';
import type { FunctionDefaults, LogLevel } from './hydrant-function';
import { Stateful } from './stateful';
import { Stateless } from './stateless';

/** The repository root, found from this file so the app works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where the telemetry readings are stored (see ARCHITECTURE.md). */
export type TelemetryStore = 'timestream' | 'dynamodb';

/** Props of {@link HydrantStack}. */
export interface HydrantStackProps extends StackProps {
  /** Stage name: lowercase letters and digits, e.g. `dev`, `prod`. */
  readonly stage: string;
  readonly model: AppModel;
  /**
   * Browser origins allowed by CORS.
   * @default - none
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Powertools log level of every function.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Where telemetry readings are stored (Timestream database and table, or the DynamoDB telemetry table).
   * @default 'timestream'
   */
  readonly telemetryStore?: TelemetryStore;
  /**
   * Keep data (tables, user pool, logs) when resources or the stack are deleted; the
   * audit table is kept in every stage.
   * @default - true for the `prod` stage only
   */
  readonly retainData?: boolean;
  /**
   * Cognito hosted domain prefix for machine clients' token endpoint.
   * @default - no domain
   */
  readonly authDomainPrefix?: string;
  /**
   * The API's public base URL, from which links in answers are built (e.g. a custom domain
   * `https://api.example.com`); never from a request's Host or X-Forwarded-* headers.
   * @default - the stage's execute-api URL, `https://<api id>.execute-api.<region>.<suffix>/<stage>`
   */
  readonly apiPublicUrl?: string;
  /**
   * The sender of notification e-mails (an address or a domain; SES verifies it).
   * @default 'notifications@example.com'
   */
  readonly emailSender?: string;
  /**
   * The usage-plan API key the console sends (`x-api-key`), written to its config.json;
   * public by nature, as every browser that loads the console sees it.
   * @default - none
   */
  readonly consoleApiKey?: string;
  /**
   * The built console to deploy (index.html and hashed files).
   * @default - built from console/src during synthesis
   */
  readonly consoleDistDir?: string;
  /**
   * The `functions/` folder the model's handler names are relative to.
   * @default `<repo>/functions`
   */
  readonly functionsDir?: string;
}

/** Hydrant for one stage. */
export class HydrantStack extends Stack {
  readonly stage: string;
  readonly telemetryStore: TelemetryStore;
  readonly stateful: Stateful;
  readonly stateless: Stateless;
  /** The operations console: S3 + CloudFront, its origin allowed by the API's CORS. */
  readonly console: ConsoleSite;

  constructor(scope: Construct, id: string, props: HydrantStackProps) {
    super(scope, id, props);
    this.stage = props.stage;
    this.telemetryStore = props.telemetryStore ?? 'timestream';
    const retainData = props.retainData ?? props.stage === 'prod';
    const functionsDir = props.functionsDir ?? join(REPO_ROOT, 'functions');
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const functionDefaults: FunctionDefaults = {
      stage: props.stage,
      version,
      corsAllowedOrigins: props.corsOrigins ?? [],
      logLevel: props.logLevel ?? 'INFO',
      logRetention: retainData ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH,
      logRemovalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };

    this.stateful = new Stateful(this, 'Stateful', {
      functionDefaults,
      scopes: props.model.scopes,
      preTokenGenerationEntry: join(functionsDir, 'auth/pre-token-generation.ts'),
      retainData,
      telemetryStore: this.telemetryStore,
      ...(props.authDomainPrefix ? { authDomainPrefix: props.authDomainPrefix } : {}),
    });
    this.console = new ConsoleSite(this, 'Console', {
      accessLogsBucket: this.stateful.accessLogsBucket,
      logRetention: functionDefaults.logRetention,
      ...(props.consoleDistDir ? { distDir: props.consoleDistDir } : {}),
    });
    // The console's origin joins the configured ones: the API answers its preflights and calls.
    const corsOrigins = [...(props.corsOrigins ?? []), this.console.origin];
    this.stateless = new Stateless(this, 'Stateless', {
      model: props.model,
      stateful: this.stateful,
      functionDefaults: { ...functionDefaults, corsAllowedOrigins: corsOrigins },
      functionsDir,
      corsOrigins,
      ...(props.apiPublicUrl ? { apiPublicUrl: props.apiPublicUrl } : {}),
      ...(props.emailSender ? { emailSender: props.emailSender } : {}),
    });

    const apiOrigin = props.apiPublicUrl ? new URL(props.apiPublicUrl).origin : `https://${this.stateless.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}`;
    // The console uploads photos straight to the documents bucket (signed PUT URLs, virtual-hosted
    // style). The CSP names the region's S3 endpoints, not the bucket: the bucket's CORS rule
    // names the distribution, whose headers policy would otherwise name the bucket (a cycle).
    this.stateful.documentsBucket.addCorsRule({ allowedMethods: [HttpMethods.PUT], allowedOrigins: [this.console.origin], allowedHeaders: ['*'], maxAge: 600 });
    // Live updates: the console opens the WebSocket API (its wss: origin in the CSP, its URL in config.json).
    const live = this.stateless.live;
    const liveOrigins = live ? [`wss://${live.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`] : [];
    this.console.deploy({
      apiUrl: this.stateless.publicUrl,
      connectOrigins: [apiOrigin, `https://*.s3.${this.region}.${this.urlSuffix}`, ...liveOrigins],
      ...(live ? { liveUrl: live.url } : {}),
      ...(props.consoleApiKey ? { apiKey: props.consoleApiKey } : {}),
    });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.origin, description: 'The operations console (CloudFront)' });
    new CfnOutput(this, 'ApiUrl', { value: this.stateless.api.url, description: 'Base URL of the API (ends with the stage)' });
    new CfnOutput(this, 'UserPoolId', { value: this.stateful.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.stateful.userPoolClient.userPoolClientId, description: 'Public app client of the login API' });
    new CfnOutput(this, 'AuthDomain', { value: this.stateful.authDomain.baseUrl(), description: 'Cognito domain: /oauth2/authorize (partner apps, PKCE) and /oauth2/token' });
    new CfnOutput(this, 'TokenEndpoint', { value: this.stateful.tokenEndpoint, description: 'OAuth 2.0 token endpoint of machine clients and partner apps' });
    new CfnOutput(this, 'TableName', { value: this.stateful.tables.app.tableName, description: 'Application table (TABLE_NAME)' });
    new CfnOutput(this, 'ControlTableName', {
      value: this.stateful.tables.control.tableName,
      description: 'Control table: API key policies, quota and rate counters, idempotency records (CONTROL_TABLE_NAME)',
    });
    new CfnOutput(this, 'AuditTableName', { value: this.stateful.tables.audit.tableName, description: 'Append-only audit trail (AUDIT_TABLE_NAME)' });
    new CfnOutput(this, 'DocumentsBucketName', { value: this.stateful.documentsBucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.stateless.alarmTopic.topicArn,
      description: 'SNS topic the alarms notify (e.g. the ApiAnomalies alarm): subscribe the operators to it',
    });
    if (this.stateless.live) new CfnOutput(this, 'LiveUrl', { value: this.stateless.live.url, description: 'Live updates over WebSocket: connect with ?token=<access token>' });
    new CfnOutput(this, 'EmailSender', { value: this.stateless.email.access.from, description: 'Sender of notification e-mails: an SES identity to verify (and leave the SES sandbox to e-mail anyone)' });
    new CfnOutput(this, 'BootstrapApiKeyId', {
      value: this.stateless.bootstrapApiKey.keyId,
      description: 'Id of the bootstrap API key; its value: aws apigateway get-api-key --include-value --api-key <id>',
    });
  }
}

/**
 * The whole local stack, built from the app model: DynamoDB Local, fauxqs (SQS,
 * S3), the Cognito stand-in, the IoT stand-in (device CA, mqtts broker, IoT rules), the
 * local API gateway, SQS pollers and schedules, all invoking the same handler modules as Lambda. Used by `npm start` and the tests.
 */
import { randomBytes } from 'node:crypto';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { appModel } from '#lib/model/index';
import type { QueueName } from '#lib/model/types';
import { USAGE_PLANS } from '#lib/model/usage-plans';
import { ALL_TABLES } from '#lib/model/table';
import { TELEMETRY_TABLE_ENV } from '#lib/model/telemetry-table';
import { startApiGatewayControlPlane } from '../emulators/apigateway/server';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from '../emulators/aws-clients';
import { createLocalUserPool } from '../bootstrap/cognito';
import { DEMO_API_KEYS } from '../bootstrap/demo-data';
import { createBucket, createQueues, createTable, createTelemetryTable, queueUrlVariable } from '../bootstrap/resources';
import { seedDemoKeyPolicies, seedDemoNetwork } from '../bootstrap/seed';
import { startCognitoStandIn, type CognitoStandIn } from '../emulators/cognito/server';
import { verifyCognitoJwt } from '../emulators/cognito/verify';
import { startDynamoDbLocal } from '../emulators/dynamodb-local/launcher';
import { startFauxqs } from '../emulators/fauxqs/launcher';
import { startLocalGateway } from './gateway';
import { startLocalIot, type LocalIot } from '../emulators/iot';
import { invoke, loadHandler } from './lambda-invoker';
import { startQueuePoller, type QueuePoller } from './queue-pollers';
import { objectCreatedNotifier } from './s3-notifications';
import { startSchedules } from './schedules';
import { startStreamPoller } from './stream-pollers';
import { LOCAL_STACK_ENV_NAMES } from './stack-env-names';
import { UsagePlans } from '../emulators/apigateway/usage-plans';
import { startLocalWebSocketApi, type LocalWebSocketApi } from '../emulators/apigateway-websocket/server';
import { startLocalSes, type LocalSes } from '../emulators/ses/launcher';
import { LOCAL_OAUTH_CLIENT, startOAuthProvider } from '../emulators/oauth-provider/server';

export interface LocalStackOptions {
  /** API port; 0 picks a free one. @default HYDRANT_PORT or 3000 */
  readonly port?: number;
  /** Seed the demo users, keys and network. @default true */
  readonly seed?: boolean;
  /** Log each request on stdout. @default false */
  readonly logRequests?: boolean;
  /** MQTT (TLS) port of the local IoT broker. @default HYDRANT_MQTT_PORT or 8883; 0 (a free port) when the API port is 0 */
  readonly mqttPort?: number;
  /** Queues whose consumer is not run, for a benchmark that reads the queue itself. @default none */
  readonly unconsumedQueues?: readonly QueueName[];
  /** Port of the live WebSocket API (and its management endpoint). @default the API's port + 1; 0 (a free port) when the API port is 0 */
  readonly livePort?: number;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly endpoints: { readonly dynamodb: string; readonly sqsAndS3: string; readonly cognito: string };
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly tableName: string;
  readonly bucketName: string;
  readonly queueUrls: Readonly<Record<string, string>>;
  /** The environment the handlers run with (for tests that call adapters directly). */
  readonly env: Readonly<Record<string, string>>;
  readonly usagePlans: UsagePlans;
  /** The Cognito stand-in, for tests that need tokens a client could not get (expired ones). */
  readonly cognito: CognitoStandIn;
  /** The local IoT broker devices connect to, `mqtts://localhost:8883` (client certificates from its CA only). */
  readonly mqttUrl: string;
  /** The local IoT stand-in (registry, CA, rules engine), for tests. */
  readonly iot: LocalIot;
  /** The live WebSocket API: `live.url` (`ws://127.0.0.1:3001/local`, add `?token=<access token>`). */
  readonly live: LocalWebSocketApi;
  /** The SES v2 emulator: `ses.endpoint`, and `ses.mailbox(to)`, what was e-mailed. */
  readonly ses: LocalSes;
  stop(): Promise<void>;
}

const BUCKET_NAME = 'hydrant-local-documents';
const TELEMETRY_TABLE_NAME = 'hydrant-local-telemetry';

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const port = options.port ?? Number(process.env.HYDRANT_PORT ?? 3000);
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((e: unknown) => console.error('[local] stop failed:', e));
  };
  try {
    const [dynamodb, faux] = await Promise.all([startDynamoDbLocal(), startFauxqs()]);
    stoppers.push(dynamodb.stop, faux.stop);
    const preTokenGeneration = async (event: PreTokenGenerationV2TriggerEvent) => {
      const run = await loadHandler('auth/pre-token-generation');
      return (await run(event, {} as never)) as PreTokenGenerationV2TriggerEvent;
    };
    // V3_0 as in the cloud: the trigger is also called for client-credentials tokens.
    const cognito = await startCognitoStandIn({ preTokenGeneration: preTokenGeneration as never, preTokenGenerationVersion: 'V3_0' });
    stoppers.push(cognito.stop);
    // The model's plans (locally their ids are the gateway's), and nothing else: the demo keys are on them too.
    const usagePlans = new UsagePlans();
    for (const plan of USAGE_PLANS) usagePlans.addPlan(plan);
    const apiGateway = await startApiGatewayControlPlane({ usagePlans });
    stoppers.push(apiGateway.stop);

    const tableNames = Object.fromEntries(Object.entries(ALL_TABLES).map(([id, keys]) => [keys.envVar, `hydrant-local-${id}`]));
    await Promise.all([
      ...Object.values(ALL_TABLES).map((keys) => createTable(dynamodb.endpoint, tableNames[keys.envVar] as string, keys)),
      createBucket(faux.endpoint, BUCKET_NAME),
      createTelemetryTable(dynamodb.endpoint, TELEMETRY_TABLE_NAME),
    ]);
    const queueUrls = await createQueues(faux.endpoint, appModel.queues);
    // The bucket's ObjectCreated notifications, which fauxqs does not send itself.
    const notifierClients = { s3: new S3Client(localClientConfig(faux.endpoint)), sqs: new SQSClient(localClientConfig(faux.endpoint)) };
    faux.onObjectCreated(objectCreatedNotifier(notifierClients, BUCKET_NAME, appModel.queues, queueUrls));
    stoppers.push(async () => {
      notifierClients.s3.destroy();
      notifierClients.sqs.destroy();
    });
    // IoT Core: control plane, device CA, MQTT broker and the model's IoT rules.
    const iot = await startLocalIot({
      rules: appModel.iotRules,
      devicePolicyName: 'hydrant-local-devices',
      sqsEndpoint: faux.endpoint,
      queueUrls,
      functions: { load: loadHandler, invoke },
      mqttPort: options.mqttPort ?? (port === 0 ? 0 : Number(process.env.HYDRANT_MQTT_PORT ?? 8883)),
    });
    stoppers.push(iot.stop);
    const pool = await createLocalUserPool(cognito.endpoint, options.seed !== false);
    const ses = await startLocalSes();
    stoppers.push(ses.stop);
    // The live WebSocket API: the model's authorizer and routes, and PostToConnection for the handlers.
    if (!appModel.webSocket) throw new Error('The app model declares no WebSocket API');
    const live = await startLocalWebSocketApi({
      decl: appModel.webSocket,
      invoke,
      port: options.livePort ?? (port === 0 ? 0 : port + 1),
    });
    stoppers.push(live.stop);
    // Connectors: one stand-in of the OAuth2 providers' authorization and token endpoints.
    const oauthProvider = await startOAuthProvider(LOCAL_OAUTH_CLIENT);
    stoppers.push(oauthProvider.close);

    // Handlers read their configuration from the environment, as in Lambda.
    const env: Record<string, string> = {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
      AWS_ENDPOINT_URL_SQS: faux.endpoint,
      AWS_ENDPOINT_URL_S3: faux.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      AWS_ENDPOINT_URL_API_GATEWAY: apiGateway.endpoint,
      AWS_ENDPOINT_URL_IOT: iot.endpoint,
      IOT_DEVICE_POLICY: iot.devicePolicyName,
      IOT_MQTT_PORT: String(iot.mqttPort),
      IOT_CA_CERTIFICATE_PEM: iot.caCertificatePem,
      USAGE_PLAN_IDS: JSON.stringify(Object.fromEntries(USAGE_PLANS.map((p) => [p.id, p.id]))),
      S3_FORCE_PATH_STYLE: 'true',
      STAGE: 'local',
      // Webhooks: http://localhost endpoints are allowed, and secrets are sealed with a key of
      // this run (KMS has no local emulator; DynamoDB Local keeps nothing across runs either).
      WEBHOOK_NETWORK_MODE: 'local',
      // New users: Hydrant generates the temporary password and returns it once (the stand-in
      // prints the invitation); in the cloud Cognito e-mails it and it is never returned.
      TEMPORARY_PASSWORD_DELIVERY: 'response',
      WEBHOOK_SECRETS_LOCAL_KEY: randomBytes(32).toString('base64'),
      ...tableNames,
      // The local stack runs the DynamoDB telemetry store (Timestream has no local emulator).
      TELEMETRY_STORE: 'dynamodb',
      [TELEMETRY_TABLE_ENV]: TELEMETRY_TABLE_NAME,
      DOCUMENTS_BUCKET: BUCKET_NAME,
      USER_POOL_ID: pool.userPoolId,
      USER_POOL_CLIENT_ID: pool.userPoolClientId,
      // The stand-in's issuer: the live API's authorizer verifies tokens against it (in the cloud, the pool's).
      USER_POOL_ISSUER: cognito.issuer(pool.userPoolId),
      LIVE_CONNECTIONS_ENDPOINT: live.managementEndpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
      EMAIL_FROM: 'Hydrant <notifications@hydrant.local>',
      // Unsubscribe links are signed with a key of this run (KMS has no local emulator).
      UNSUBSCRIBE_LOCAL_KEY: randomBytes(32).toString('base64'),
      // The stand-in serves the user pool domain's token endpoint itself.
      OAUTH_TOKEN_ENDPOINT: `${cognito.endpoint}/oauth2/token`,
      CORS_ALLOWED_ORIGINS: process.env.HYDRANT_CORS_ORIGINS ?? 'http://localhost:5173',
      POWERTOOLS_SERVICE_NAME: 'hydrant',
      POWERTOOLS_METRICS_NAMESPACE: 'Hydrant',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      ...Object.fromEntries(Object.entries(queueUrls).map(([name, url]) => [queueUrlVariable(name as never), url])),
      ...Object.fromEntries(
        ['QUICKBOOKS', 'GOOGLE', 'DROPBOX'].flatMap((p) => [
          [`CONNECTOR_URL_${p}_AUTHORIZE`, oauthProvider.authorizeUrl],
          [`CONNECTOR_URL_${p}_TOKEN`, oauthProvider.tokenUrl],
        ]),
      ),
    };
    // The handlers run in this process. The names are recorded so that processes forked from
    // it which must not see the local stack (unit and infra tests) can drop them.
    Object.assign(process.env, env, { [LOCAL_STACK_ENV_NAMES]: Object.keys(env).join(',') });

    if (options.seed !== false) {
      await seedDemoNetwork();
      await seedDemoKeyPolicies(DEMO_API_KEYS.map((k) => ({ gatewayKeyId: k.id, name: k.name, planId: k.planId })));
    }
    for (const key of DEMO_API_KEYS) usagePlans.addKey({ id: key.id, value: key.value, name: key.name, planId: key.planId, enabled: true });

    const issuer = cognito.issuer(pool.userPoolId);
    const jwksUrl = cognito.jwksUrl(pool.userPoolId);
    const gateway = await startLocalGateway({
      routes: appModel.routes,
      usagePlans,
      port,
      corsOrigins: env.CORS_ALLOWED_ORIGINS?.split(','),
      verifyToken: async (token) => verifyCognitoJwt(token, { issuer, jwksUrl, tokenUse: 'access' }) as Promise<Record<string, unknown>>,
      onRequest: options.logRequests ? (l) => console.log(`${l.method} ${l.path} ${l.status} ${l.ms.toFixed(1)} ms`) : undefined,
    });
    stoppers.push(gateway.close);
    // Links in answers start at the API's own address, as API_PUBLIC_URL does in the cloud (never the request's Host).
    env.API_PUBLIC_URL = gateway.url;
    Object.assign(process.env, { API_PUBLIC_URL: gateway.url, [LOCAL_STACK_ENV_NAMES]: Object.keys(env).join(',') });

    const sqs = new SQSClient(localClientConfig(faux.endpoint));
    const pollers: QueuePoller[] = appModel.queues.filter((q) => q.consumer && !options.unconsumedQueues?.includes(q.name)).map((q) => startQueuePoller(sqs, q, queueUrls[q.name]));
    stoppers.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
      sqs.destroy();
    });
    // The model's stream consumers (the outbox relay), on DynamoDB Local's stream of the table.
    const streamPollers = await Promise.all(
      (appModel.streamConsumers ?? []).map((decl) => startStreamPoller({ dynamodbEndpoint: dynamodb.endpoint, tableName: tableNames.TABLE_NAME as string, sqs, decl })),
    );
    stoppers.push(async () => {
      await Promise.all(streamPollers.map((p) => p.stop()));
    });
    const schedules = startSchedules(appModel.schedules);
    stoppers.push(async () => schedules.stop());

    return {
      apiUrl: gateway.url,
      endpoints: { dynamodb: dynamodb.endpoint, sqsAndS3: faux.endpoint, cognito: cognito.endpoint },
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      tableName: tableNames.TABLE_NAME as string,
      bucketName: BUCKET_NAME,
      queueUrls: { ...queueUrls, ...iot.errorQueueUrls },
      env,
      usagePlans,
      cognito,
      mqttUrl: iot.mqttUrl,
      iot,
      live,
      ses,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The vocabulary of the app model: the one declaration of every route, function,
 * queue, schedule and IoT rule. The CDK stack (lib/cloud) and the local runtime
 * (lib/local) are both built from values of these types; nothing about a route is
 * written anywhere else.
 */
import * as z from 'zod';
import { seeThroughProxies } from './lazy-schema';

export const ROLES = ['admin', 'manager', 'technician', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** Who may see a field of a resource schema (see `hiddenFrom`). */
export interface FieldVisibility {
  /** Users of these roles never see the field: it is left out of every answer and `?fields=` naming it is 400 (as if unknown). */
  readonly hiddenFrom: readonly Role[];
}

/** The fields of response schemas declared hidden from some roles (read by `lib/model/field-paths.ts`). */
export const fieldVisibility = z.registry<FieldVisibility>();
seeThroughProxies(fieldVisibility);

/**
 * Declares a field of a response schema hidden from users of `roles`, on every route
 * whose answer contains the schema (single reads, lists, creations, updates, /v2).
 * The field becomes optional in the contract (it is absent for those roles).
 * Machine clients carry no role and see it.
 */
export function hiddenFrom<T extends z.ZodType>(roles: readonly Role[], schema: T): z.ZodOptional<T> {
  const note = `Not shown to ${roles.join(', ')} users.`;
  const field = schema.optional().describe(schema.description ? `${schema.description.replace(/\.?$/, '.')} ${note}` : note);
  fieldVisibility.add(field, { hiddenFrom: roles });
  return field;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a function may do with a shared resource; the CDK stack turns it into a least-privilege grant. */
export type DataAccess = 'read' | 'readWrite';

/** Names of the queues declared in the model. */
export type QueueName =
  | 'telemetry-events'
  | 'forecast-jobs'
  | 'events'
  | 'notifications'
  | 'document-uploads'
  | 'webhook-deliveries'
  | 'telemetry-ingest'
  | 'live-updates'
  | 'model-training'
  | 'connector-events'
  | 'connector-runs';

/** The AWS resources a function touches. Each entry becomes one environment variable and one grant. */
export interface ResourceAccess {
  /** The application table. */
  readonly table?: DataAccess;
  /** The documents bucket (and its KMS key); `write` is PutObject only (presigned uploads). */
  readonly documentsBucket?: DataAccess | 'write';
  /**
   * Key prefixes (e.g. `documents/`) the bucket grant is limited to.
   * @default - every object of the bucket
   */
  readonly documentsPrefixes?: readonly string[];
  /** Queues the function sends to. */
  readonly sendsTo?: readonly QueueName[];
  /**
   * The Cognito user pool. `public` needs no IAM (InitiateAuth, RevokeToken are
   * unauthenticated APIs of the public app client); `signIn` adds AdminGetUser, to find
   * the account a sign-in names (the failed-sign-in lock counts per account); `admin` grants the Admin* calls;
   * `createClients` grants CreateUserPoolClient (and DeleteUserPoolClient, to undo a
   * creation whose record could not be written); `deleteClients` DeleteUserPoolClient.
   */
  readonly userPool?: 'public' | 'signIn' | 'admin' | 'createClients' | 'deleteClients';
  /** The control table, for workers (route functions get it implicitly). */
  readonly controlTable?: DataAccess;
  /**
   * The audit table: `read` to query it, `redact` for the worker that truncates client
   * addresses, `append` for a function that records calls as routes do (the AppSync resolver).
   */
  readonly auditLog?: 'read' | 'redact' | 'append';
  /** API Gateway API keys and usage plan keys (the api-keys routes and their schedule). */
  readonly apiKeys?: 'manage';
  /**
   * The telemetry store (Timestream or the DynamoDB telemetry table, by the stack's
   * `telemetryStore`): `read` queries readings, `write` stores them.
   */
  readonly telemetry?: 'read' | 'write' | 'readWrite';
  /** IoT things and device certificates (provision and revoke a sensor's device identity), with the device policy. */
  readonly iotDevices?: 'manage';
  /**
   * The KMS key of webhook signing secrets: `encrypt` (create, rotate) or `decrypt` (sign
   * deliveries), or both (connectors: open credentials and seal refreshed tokens). Locally
   * the same envelope is sealed with a key of the local stack.
   */
  readonly webhookSecrets?: 'encrypt' | 'decrypt' | 'encryptDecrypt';
  /**
   * The live WebSocket API's connections: `post` sends messages to connected clients
   * (execute-api:ManageConnections, POST on `@connections` of the live API's stage only).
   */
  readonly liveConnections?: 'post';
  /** E-mail through Amazon SES: `send` is ses:SendEmail from the stack's sender identity only. */
  readonly email?: 'send';
  /**
   * The KMS HMAC key of unsubscribe links: `sign` (kms:GenerateMac) or `verify` (kms:VerifyMac).
   * Locally the same MAC is computed with a key of the local stack.
   */
  readonly unsubscribeTokens?: 'sign' | 'verify';
}

/**
 * Every HTTP function also reads and writes the control table (key policies, quota
 * counters, idempotency records) and appends to the audit table: the platform does
 * it for every route, so the CDK stack grants it to every route function.
 */
export const PLATFORM_ACCESS_OF_ROUTES = { control: 'readWrite', audit: 'append' } as const;

/** Sizing and access of one Lambda function. */
export interface FunctionSpec {
  /** @default 256 */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  readonly access: ResourceAccess;
  /**
   * Files of installed packages the function reads at run time (e.g. `swagger-ui-dist/swagger-ui.css`):
   * copied beside the bundle in the cloud, read from node_modules locally.
   * @default - none
   */
  readonly files?: readonly string[];
}

/** Who may call a route. */
export type RouteAuth =
  | { readonly kind: 'public' }
  | {
      readonly kind: 'authenticated';
      /** Cognito groups allowed to call the route. */
      readonly roles: readonly Role[];
      /** Resource-server scopes (without the `hydrant/` prefix) that let a machine client call it. */
      readonly scopes?: readonly string[];
      /**
       * Callable by a user who must use MFA and has not enrolled yet (the enrolment routes,
       * logout); every other route refuses that user with 403 MFA_REQUIRED.
       * @default false
       */
      readonly duringMfaSetup?: boolean;
    };

/** One documented response of a route. */
export interface ResponseDecl {
  readonly description: string;
  /** JSON body schema; absent for bodiless responses (204, 304). */
  readonly schema?: z.ZodType;
  /** Media type of a non-JSON body (e.g. `image/svg+xml`), documented as a string. @default `application/json` */
  readonly contentType?: string;
  /** Example body for openapi.yaml. */
  readonly example?: unknown;
  /** Response headers worth documenting (e.g. ETag, Location). */
  readonly headers?: readonly string[];
  /**
   * Answered only when the request states this preference (RFC 7240 `Prefer`, e.g. `wait`):
   * a call without it gets the route's other success status. @default - any call
   */
  readonly onPreference?: string;
}

/** The success status of a call that states no preference: the lowest 2xx not reserved to a `Prefer`. */
export function defaultSuccessStatus(route: Pick<RouteDecl, 'responses'>): number {
  return Math.min(...Object.entries(route.responses).filter(([status, r]) => Number(status) < 300 && !r.onPreference).map(([status]) => Number(status)));
}

export const DEFAULT_BODY_MEDIA_TYPES: readonly string[] = ['application/json'];
/** An HTML form / OAuth2 token request (RFC 6749 §4.3.2), decoded to the object the body schema validates. */
export const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
/** A form with files (RFC 7578); a route that lists it declares how its parts become the body (`request.multipart`). */
export const MULTIPART_MEDIA_TYPE = 'multipart/form-data';

/** The parts of a `multipart/form-data` body: text fields, and files read as UTF-8 text. */
export interface MultipartParts {
  readonly fields: Readonly<Record<string, string>>;
  readonly files: Readonly<Record<string, { readonly fileName: string; readonly contentType: string; readonly text: string }>>;
}

/** How a route reads a `multipart/form-data` body. */
export interface MultipartDecl {
  /** The form as the docs show it (a file as a string of format `binary`). */
  readonly schema: z.ZodType;
  /** Example of the form for openapi.yaml. */
  readonly example?: unknown;
  /** Bytes the body may hold in this media type, its files included (other media types keep the 1 MiB limit). */
  readonly maxBytes: number;
  /** The object the route's `body` schema validates, made of the form's parts. */
  readonly toBody: (parts: MultipartParts) => unknown;
}

/** A CSV body, given to the route's schema as `{ [textField]: text }`. */
export const CSV_MEDIA_TYPE = 'text/csv';
/** Far deeper than any body of the API; bounds the recursion of everything that reads a body. */
export const MAX_BODY_DEPTH = 32;

/** Zod schemas for the parts of a request; each is validated before the handler runs. */
export interface RequestDecl {
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /**
   * A body that is a bare JSON array stands for `{ [bareArrayField]: array }` (clients
   * that post a list, e.g. readings). @default - a bare array is validated as is
   */
  readonly bareArrayField?: string;
  /**
   * A `text/csv` body (CSV_MEDIA_TYPE, when listed in `mediaTypes`) stands for
   * `{ [textField]: text }`, validated by `body` as any other. @default - no text body
   */
  readonly textField?: string;
  /** Example body for openapi.yaml. */
  readonly bodyExample?: unknown;
  /** Example of the `text/csv` body for openapi.yaml. */
  readonly textExample?: string;
  /**
   * Media types the body may be sent as, compared exactly (type/subtype, RFC 9110); a
   * `+json` type (e.g. `application/merge-patch+json`) only if listed. Others get 415.
   * A form (FORM_MEDIA_TYPE) is decoded to the same object and validated by `body`; a CSV
   * file (CSV_MEDIA_TYPE) to `{ csv: <text> }`.
   * @default DEFAULT_BODY_MEDIA_TYPES (`application/json`)
   */
  readonly mediaTypes?: readonly string[];
  /** How a `multipart/form-data` body becomes the body `body` validates; required when `mediaTypes` lists it. */
  readonly multipart?: MultipartDecl;
  /**
   * How deeply the JSON body may nest (objects and arrays); deeper gets 400 BODY_TOO_DEEP.
   * @default MAX_BODY_DEPTH
   */
  readonly maxBodyDepth?: number;
  /** Request headers the route reads (If-Match, If-None-Match, Idempotency-Key...). */
  readonly headers?: readonly string[];
}

/** One HTTP route: the API Gateway method, its Lambda, its contract and its permissions. */
export interface RouteDecl {
  /** Unique, camelCase; names the Lambda function and the OpenAPI operation. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/assets/{id}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Module under `functions/` exporting `handler`, without extension, e.g. `http/assets/get`. */
  readonly handler: string;
  readonly auth: RouteAuth;
  /** Whether API Gateway requires a usage-plan API key (`x-api-key`). */
  readonly apiKey: boolean;
  readonly request?: RequestDecl;
  /** Successful responses by status; error responses are added uniformly. */
  readonly responses: Readonly<Record<number, ResponseDecl>>;
  /**
   * Error statuses beyond those added uniformly (by path, method, body...), e.g. 404 for a
   * resource named in the body rather than in the path.
   */
  readonly errorStatuses?: readonly number[];
  readonly fn: FunctionSpec;
  /** Accepts `Idempotency-Key`: the first answer is kept 24 h and replayed. */
  readonly idempotent?: boolean;
  /**
   * Why a creation (a POST answering 201) is not `idempotent`: every creation must be
   * one or say why not (e.g. its answer holds a secret, which a kept answer would store).
   */
  readonly idempotencyExempt?: string;
  /** A limit of this route on top of the usage plan, e.g. login 5 per 5 minutes per client address. */
  readonly rateLimit?: RouteRateLimit;
  /** Declared deprecated: answers carry Deprecation, Sunset and Link headers. */
  readonly deprecated?: Deprecation;
  /** Deprecated top-level fields of the answer: an answer that contains one carries the same headers. */
  readonly deprecatedFields?: Readonly<Record<string, Deprecation>>;
  /** `Cache-Control` of successful answers. @default `private, no-cache` for GET, `no-store` otherwise */
  readonly cacheControl?: string;
  /** What the audit trail records the call as. @default resource type from the path, action = operationId */
  readonly audit?: {
    readonly resourceType?: string;
    /** Audit successful reads too (the audit log itself). */
    readonly reads?: boolean;
    /** Fields of this resource holding a person's data (besides e-mail, phone, names...): recorded as changed, never their values. */
    readonly personalFields?: readonly string[];
  };
}

export interface RouteRateLimit {
  readonly limit: number;
  readonly windowSeconds: number;
  /** Who the window counts: the client address, the authenticated principal or the API key. */
  readonly per: 'sourceIp' | 'principal' | 'apiKey';
  /** Also key the window by this field of the JSON body (e.g. `username`: one window per account and address). */
  readonly bodyField?: string;
  /** Count every call, or only refused ones (401: failed logins), which then lock the window. @default 'all' */
  readonly counts?: 'all' | 'failures';
  /**
   * `bodyField` names an account (its e-mail, `sub` or username): failures are counted
   * per account, whatever spelling is used, in one window per account and address shared
   * by every route that declares this, plus a cap per account across addresses. The
   * route's function resolves names through the user pool (`userPool: 'signIn'`).
   */
  readonly account?: AccountFailureCap;
}

/**
 * Failures of one account from every client address: past `limit` in a window, the
 * account refuses sign-ins from addresses it has not signed in from within
 * `knownAddressDays` until the window ends. A remote attacker slows down to `limit`
 * guesses per window and cannot lock the owner out of an address they use.
 */
export interface AccountFailureCap {
  readonly limit: number;
  readonly windowSeconds: number;
  readonly knownAddressDays: number;
}

export interface Deprecation {
  /** When the route or field became deprecated (ISO 8601). */
  readonly since: string;
  /** When it stops working (ISO 8601). */
  readonly sunset?: string;
  /** The migration note. */
  readonly link: string;
}

/** An API Gateway usage plan: throttling by API Gateway, the quota counted by Hydrant (so 304s are free). */
export interface UsagePlanDecl {
  readonly id: string;
  readonly name: string;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly quota: { readonly limit: number; readonly period: 'DAY' | 'MONTH' };
}

/** An SQS queue with its DLQ and the worker that consumes it. */
export interface QueueDecl {
  readonly name: QueueName;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  /**
   * Longest time the event source gathers messages before invoking the consumer with a
   * batch smaller than `batchSize` (Lambda's `MaximumBatchingWindowInSeconds`, 0-300; SQS
   * requires at least 1 for batches above 10 messages). Locally, the poller gathers the same way.
   * @default - 1 when `batchSize` is above 10, else 0
   */
  readonly batchingWindowSeconds?: number;
  /**
   * Batches handled at once: the SQS event source's `maxConcurrency` in the cloud (2-1000),
   * as many polling loops locally, so one slow batch does not hold back the queue.
   * @default - locally one loop; in the cloud as many as Lambda scales to
   */
  readonly maxConcurrency?: number;
  /**
   * The documents bucket's ObjectCreated events under this key prefix are sent to the queue,
   * as EventBridge events (cloud: the bucket's EventBridge notifications and a rule;
   * locally: the local stack builds the same event from fauxqs's writes).
   */
  readonly objectCreatedPrefix?: string;
  /** Module under `functions/` exporting `handler` (an SQS batch handler with partial failures). */
  readonly consumer?: { readonly handler: string; readonly fn: FunctionSpec };
}

/** A scheduled worker, invoked with an EventBridge scheduled event. */
export interface ScheduleDecl {
  readonly name: string;
  /** EventBridge expression: `rate(5 minutes)` or `cron(...)`. */
  readonly expression: string;
  readonly handler: string;
  readonly fn: FunctionSpec;
  /**
   * A CloudWatch alarm on a metric the worker emits (Powertools, namespace `Hydrant`,
   * dimension `service`), whose action notifies the stack's alarm topic.
   * @default - no alarm beyond the function's own
   */
  readonly alarm?: ScheduleAlarmDecl;
}

/** An alarm on a worker's metric: the sum over the period at or above the threshold. */
export interface ScheduleAlarmDecl {
  readonly metricName: string;
  /** @default 1 */
  readonly threshold?: number;
  /** @default 60 */
  readonly periodMinutes?: number;
  readonly description: string;
}

/**
 * What an IoT rule does with its output: invoke a function with it as the event (IoT's
 * Lambda action, asynchronous), or send it as the body of a message to a model queue.
 */
export type IotRuleAction =
  | { readonly kind: 'function'; /** Module under `functions/` exporting `handler`. */ readonly handler: string; readonly fn: FunctionSpec }
  | { readonly kind: 'queue'; readonly queue: QueueName };

/** The queue that keeps what IoT rule actions failed to deliver (no consumer, no DLQ: it is the end of the line). */
export type IotErrorQueueName = 'iot-errors';

/** An IoT topic rule and where its matches go. */
export interface IotRuleDecl {
  /** Letters, digits and `_` only (IoT rule names allow nothing else). */
  readonly name: string;
  /** IoT SQL, version 2016-03-23. */
  readonly sql: string;
  readonly actions: readonly IotRuleAction[];
  /** Where a failed action's message goes (IoT's error action); a function also sends its failed events there after Lambda's retries. */
  readonly errorAction: { readonly kind: 'queue'; readonly queue: IotErrorQueueName };
}

/**
 * A consumer of the application table's DynamoDB stream (NEW_IMAGE): an event source
 * mapping that passes only the inserted items of one `entity` to the function, with
 * bisect on error, partial batch failures and an on-failure queue. Locally, the local
 * runtime polls DynamoDB Local's stream and invokes the same handler.
 */
export interface StreamConsumerDecl {
  /** Names the function, its on-failure queue and the local poller. */
  readonly name: string;
  /** Only INSERTs of items whose `entity` attribute is this (the mapping's filter). */
  readonly entity: string;
  readonly batchSize: number;
  /** Retries of a failing batch (bisected) before its records go to the on-failure queue. */
  readonly maxRetryAttempts: number;
  /** Module under `functions/` exporting `handler` (a DynamoDB stream batch handler with partial failures). */
  readonly handler: string;
  readonly fn: FunctionSpec;
}

/** A route of the WebSocket API, by its route key, and the function behind it. */
export interface WebSocketRouteDecl {
  /** `$connect`, `$disconnect`, `$default`, or an action the route selection expression picks. */
  readonly routeKey: string;
  /** Module under `functions/` exporting `handler`. */
  readonly handler: string;
  readonly fn: FunctionSpec;
}

/**
 * A WebSocket API: API Gateway in the cloud, the local WebSocket emulator locally, each
 * invoking the same handlers with API Gateway's WebSocket events.
 */
export interface WebSocketApiDecl {
  /** Names the API, its functions and its stage resources. */
  readonly name: string;
  /** API Gateway's route selection expression, e.g. `$request.body.action`. */
  readonly routeSelectionExpression: string;
  /**
   * The Lambda REQUEST authorizer of `$connect`, fed by the query string parameter
   * `identityQuery` (a browser cannot set headers on a WebSocket): Allow with a context, or Unauthorized.
   */
  readonly authorizer: { readonly handler: string; readonly identityQuery: string; readonly fn: FunctionSpec };
  readonly routes: readonly WebSocketRouteDecl[];
}

/** The whole application. */
export interface AppModel {
  readonly routes: readonly RouteDecl[];
  /** The first one is the default plan of keys that have no policy of their own. */
  readonly usagePlans: readonly UsagePlanDecl[];
  readonly queues: readonly QueueDecl[];
  readonly schedules: readonly ScheduleDecl[];
  readonly iotRules: readonly IotRuleDecl[];
  /** Consumers of the application table's stream (the outbox relay). @default none */
  readonly streamConsumers?: readonly StreamConsumerDecl[];
  /** The WebSocket API of live updates. @default none */
  readonly webSocket?: WebSocketApiDecl;
  /** Resource-server scopes machine clients can be granted. */
  readonly scopes: readonly { readonly name: string; readonly description: string }[];
  /** The AWS AppSync GraphQL API (locally: `POST /graphql`). @default none */
  readonly graphqlApi?: GraphqlApiDecl;
}

/**
 * The AppSync GraphQL API: the schema (`lib/model/graphql/schema.graphql`), ONE Lambda
 * resolver for every field, and AppSync's own limits.
 */
export interface GraphqlApiDecl {
  /** The SDL file, from the repository root. */
  readonly schemaFile: string;
  /** Module under `functions/` exporting `handler`: routes an AppSync event by `parentTypeName.fieldName`. */
  readonly resolver: { readonly handler: string; readonly fn: FunctionSpec };
  /** `Type.field` of every field with a resolver: root fields invoked one by one, nested ones batch-invoked. */
  readonly fields: readonly string[];
  /** AppSync's depth limit, which counts every level (a connection's `edges` and `node` too). */
  readonly queryDepthLimit: number;
  /** AppSync's cap on resolver invocations per request: the cost limit, as one field resolved is one invocation. */
  readonly resolverCountLimit: number;
  /** Nested fields' items per batched invocation. */
  readonly maxBatchSize: number;
}

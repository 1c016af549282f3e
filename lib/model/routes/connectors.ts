/**
 * Connectors (issue 19): admins link the tenant to Slack, Silae, Sage 100, QuickBooks Online,
 * Google Calendar and Dropbox. Routes: CRUD (credentials sealed, never answered), the sync log,
 * and the OAuth2 authorization-code flow (authorize, then the provider's redirect to the public
 * callback, whose signed `state` is the credential). Workers: domain events (the relay's
 * `connector-events` queue) and the hourly schedule each become one `connector-runs` message per
 * connector, so a connector that fails or waits out a provider's rate limit holds up no other.
 */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import type { FunctionSpec, QueueDecl, RouteDecl, ScheduleDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  Authorization,
  Connector,
  connectorExample,
  ConnectorRun,
  connectorRunExample,
  CreateConnectorBody,
  createConnectorExample,
  ListConnectorsQuery,
  ListRunsQuery,
  OAuthCallbackQuery,
  OAuthCompleted,
  UpdateConnectorBody,
} from '../schemas/connectors';
import { authenticated, PUBLIC } from './access';
import { crudRoutes } from './crud';

/** Domain events, one message per event: the dispatcher makes one run message per connector that takes it. */
export const CONNECTOR_EVENTS_QUEUE: QueueDecl = {
  name: 'connector-events',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  batchSize: 10,
  consumer: { handler: 'workers/connector-events', fn: { timeoutSeconds: 30, access: { table: 'read', sendsTo: ['connector-runs'] } } },
};

/**
 * One run of one connector `{tenant, connectorId, trigger, event?}`. Each provider call has a
 * 30 s timeout and up to 3 retries with backoff (or the provider's Retry-After); the worker's
 * 300 s timeout covers a run's calls, below the 360 s visibility timeout. A failed run is
 * recorded in its log and its message fails alone (SQS retries it, then the DLQ).
 */
export const CONNECTOR_RUNS_QUEUE: QueueDecl = {
  name: 'connector-runs',
  visibilityTimeoutSeconds: 360,
  maxReceiveCount: 3,
  batchSize: 5,
  maxConcurrency: 5,
  // The documents bucket: download URLs of available documents for Dropbox to fetch.
  consumer: {
    handler: 'workers/connector-run',
    fn: { timeoutSeconds: 300, access: { table: 'readWrite', webhookSecrets: 'encryptDecrypt', documentsBucket: 'read', documentsPrefixes: [DOCUMENTS_PREFIX] } },
  },
};

/** Hourly: a run message for every enabled connector whose own period (SYNC_PERIOD) has turned. */
export const connectorSchedules: readonly ScheduleDecl[] = [
  {
    name: 'connector-sync',
    expression: 'rate(1 hour)',
    handler: 'workers/connector-sync',
    fn: { timeoutSeconds: 120, access: { table: 'read', sendsTo: ['connector-runs'] } },
  },
];

const common = { tag: 'Connectors', apiKey: true } as const;
const ADMINS = authenticated(['admin']);
const READS: FunctionSpec = { access: { table: 'read' } };
const WRITES: FunctionSpec = { access: { table: 'readWrite' } };
const WRITES_SECRET: FunctionSpec = { access: { table: 'readWrite', webhookSecrets: 'encrypt' } };
const base = '/v1/connectors';
const item = `${base}/{id}`;

/** What the CRUD routes say beyond the shared contract: credentials are sealed and never answered; deleting needs no key. */
const CRUD_SUMMARIES: Readonly<Record<string, string>> = {
  createConnector: 'Link a third-party service; its credentials are sealed and never answered',
  getConnector: 'Get a connector (never its credentials)',
  updateConnector: 'Update a connector (partial): enable, merge settings, replace credentials',
  deleteConnector: 'Delete a connector and its credentials',
};

export const connectorsRoutes: readonly RouteDecl[] = [
  ...crudRoutes({
    collection: 'connectors',
    name: 'Connector',
    tag: 'Connectors',
    schema: Connector,
    example: connectorExample,
    createBody: CreateConnectorBody,
    createExample: createConnectorExample,
    updateBody: UpdateConnectorBody,
    updateExample: { enabled: false },
    listQuery: ListConnectorsQuery,
    readers: ['admin'],
    writers: ['admin'],
    readFn: READS,
    writeFn: WRITES_SECRET,
  }).map((route) => ({
    ...route,
    summary: CRUD_SUMMARIES[route.operationId] ?? route.summary,
    ...(route.operationId === 'deleteConnector' ? { fn: WRITES } : {}),
  })),
  {
    ...common,
    operationId: 'listConnectorRuns',
    method: 'GET',
    path: `${item}/runs`,
    summary: 'The sync log, newest first: started, completed, status, records and errors of each run',
    handler: 'http/connectors/runs',
    auth: ADMINS,
    request: { params: IdParams, query: ListRunsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(ConnectorRun), example: { data: [connectorRunExample], nextCursor: null } } },
    fn: READS,
  },
  {
    ...common,
    operationId: 'authorizeConnector',
    method: 'POST',
    path: `${item}/authorize`,
    summary: "Start the OAuth2 grant (QuickBooks, Google Calendar, Dropbox): the provider's consent URL with a signed state, valid 10 minutes",
    handler: 'http/connectors/authorize',
    auth: ADMINS,
    request: { params: IdParams },
    errorStatuses: [422],
    responses: { 200: { description: 'The consent URL', schema: Authorization, example: { authorizationUrl: 'https://appcenter.intuit.com/connect/oauth2?client_id=...&state=...', expiresAt: '2026-11-21T09:40:00.000Z' } } },
    fn: WRITES_SECRET,
  },
  {
    tag: 'Connectors',
    // A browser redirect from the provider carries no API key.
    apiKey: false,
    operationId: 'completeConnectorOAuth',
    method: 'GET',
    path: `${base}/oauth/callback`,
    summary: "The provider's redirect after consent: exchanges the code for tokens and seals them (the signed state names the connector)",
    handler: 'http/connectors/oauth-callback',
    auth: PUBLIC,
    request: { query: OAuthCallbackQuery },
    errorStatuses: [422],
    responses: { 200: { description: 'Authorized', schema: OAuthCompleted, example: { connectorId: connectorExample.id, type: 'quickbooks', authorizedAt: '2026-11-21T09:35:00.000Z' } } },
    fn: { timeoutSeconds: 29, access: { table: 'readWrite', webhookSecrets: 'encryptDecrypt' } },
  },
];

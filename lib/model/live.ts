/**
 * Live updates: the WebSocket API the console keeps open, and what feeds it.
 *
 *   $connect     authorised by the access token (`?token=`), the same checks as the REST
 *                authorizer; the connection is recorded (DynamoDB, TTL: the token's expiry,
 *                at most API Gateway's 2-hour connection limit)
 *   $disconnect  forgets the connection
 *   $default     `{"action":"ping"}` answers `{"type":"pong"}`; anything else an error message
 *
 * Pushed to a connection, as `{type, data}`:
 *   notification   the user's own notification as it changes (the `notification-deliveries`
 *                  stream consumer, on each event a user's notification takes in)
 *   alert.raised, alert.cleared   the alert, to every connection whose user may see it (the
 *                  `live-updates` queue the outbox relay feeds; client users: their client's only)
 */
import type { QueueDecl, StreamConsumerDecl, WebSocketApiDecl } from './types';

/** How long API Gateway keeps a WebSocket connection open, at most (its quota). */
export const LIVE_CONNECTION_MAX_SECONDS = 2 * 3600;

export const LIVE_WEBSOCKET: WebSocketApiDecl = {
  name: 'live',
  routeSelectionExpression: '$request.body.action',
  authorizer: { handler: 'websocket/authorize', identityQuery: 'token', fn: { access: { userPool: 'public' } } },
  routes: [
    { routeKey: '$connect', handler: 'websocket/connect', fn: { access: { table: 'readWrite' } } },
    { routeKey: '$disconnect', handler: 'websocket/disconnect', fn: { access: { table: 'readWrite' } } },
    { routeKey: '$default', handler: 'websocket/message', fn: { access: { liveConnections: 'post' } } },
  ],
};

/**
 * Domain events for live updates (`workers/live-updates`): alert changes pushed to the
 * connections allowed to see them. A post that fails (other than a gone connection, which
 * is forgotten) fails its record, retried then kept in the DLQ.
 */
export const LIVE_UPDATES_QUEUE: QueueDecl = {
  name: 'live-updates',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  batchSize: 10,
  consumer: { handler: 'workers/live-updates', fn: { timeoutSeconds: 30, access: { table: 'readWrite', liveConnections: 'post' } } },
};

/**
 * Each event a user's notification takes in (the `notification-event` marker, written once
 * per event and user in the notification's transaction): pushed to the user's connections,
 * e-mailed at once or kept for the daily digest, as the user's preferences say.
 */
export const NOTIFICATION_DELIVERIES: StreamConsumerDecl = {
  name: 'notification-deliveries',
  entity: 'notification-event',
  batchSize: 25,
  maxRetryAttempts: 5,
  handler: 'workers/notification-deliveries',
  fn: { timeoutSeconds: 60, access: { table: 'readWrite', liveConnections: 'post', email: 'send', unsubscribeTokens: 'sign' } },
};

/**
 * The app model: every route, queue, schedule and IoT rule of Hydrant, declared once.
 * `lib/cloud` builds the CDK stack from it and `lib/local` the local stack.
 */
import type { AppModel, RouteDecl } from './types';
import { USAGE_PLANS } from './usage-plans';
import { iotRules } from './iot-rules';
import { alertSchedules, platformSchedules, schedulingSchedules } from './schedules';
import { apiKeySchedules, apiKeysRoutes } from './routes/api-keys';
import { healthRoutes } from './routes/health';
import { authRoutes } from './routes/auth';
import { meRoutes } from './routes/me';
import { settingsRoutes } from './routes/settings';
import { machineClientsRoutes } from './routes/machine-clients';
import { partnerAppsRoutes } from './routes/partner-apps';
import { SCOPES } from './scopes';
import { batchRoute } from './routes/batch';
import { usageRoutes } from './routes/usage';
import { auditLogsRoutes } from './routes/audit-logs';
import { adminRoutes } from './routes/admin';
import { sitesRoutes } from './routes/sites';
import { assetsRoutes } from './routes/assets';
import { sensorsRoutes } from './routes/sensors';
import { TELEMETRY_INGEST_QUEUE, telemetryRoutes } from './routes/telemetry';
import { alertRulesRoutes } from './routes/alert-rules';
import { alertsRoutes } from './routes/alerts';
import { FORECAST_JOBS_QUEUE, forecastsRoutes } from './routes/forecasts';
import { NOTIFICATIONS_QUEUE, notificationsRoutes } from './routes/notifications';
import { DOCUMENT_UPLOADS_QUEUE, documentsRoutes } from './routes/documents';
import { requestsRoutes } from './routes/requests';
import { scheduleRoutes } from './routes/schedule';
import { workOrdersRoutes } from './routes/work-orders';
import { techniciansRoutes } from './routes/technicians';
import { clientsRoutes } from './routes/clients';
import { usersRoutes } from './routes/users';
import { dashboardRoutes } from './routes/dashboard';
import { EVENTS_QUEUE, OUTBOX_RELAY, WEBHOOK_DELIVERIES_QUEUE, webhooksRoutes } from './routes/webhooks';
import { timeEntriesRoutes } from './routes/time-entries';
import { maintenancePlansRoutes, maintenanceSchedules } from './routes/maintenance-plans';
import { zoneSchedules, zonesRoutes } from './routes/zones';
import { docsRoutes } from './routes/docs';
import { correlationsRoutes } from './routes/correlations';
import { transientsRoutes } from './routes/transients';
import { qualityRoutes } from './routes/quality';
import { assetRiskRoutes } from './routes/asset-risk';
import { consumptionRoutes } from './routes/consumption';
import { notificationPreferencesRoutes, notificationSchedules } from './routes/notification-preferences';
import { LIVE_UPDATES_QUEUE, LIVE_WEBSOCKET, NOTIFICATION_DELIVERIES } from './live';
import { aiRoutes, aiSchedules, MODEL_TRAINING_QUEUE } from './routes/ai';
import { graphqlApi, graphqlRoute } from './routes/graphql';
import { CONNECTOR_EVENTS_QUEUE, CONNECTOR_RUNS_QUEUE, connectorSchedules, connectorsRoutes } from './routes/connectors';

export * from './types';

/**
 * One list per resource: `routes/<resource>.ts` declares the routes of `functions/http/<resource>/`.
 * The order is the order of openapi.yaml.
 */
const resourceRoutes: readonly RouteDecl[] = [
  ...healthRoutes,
  ...authRoutes,
  ...usageRoutes,
  ...auditLogsRoutes,
  ...adminRoutes,
  ...sitesRoutes,
  ...assetsRoutes,
  ...apiKeysRoutes,
  ...sensorsRoutes,
  ...telemetryRoutes,
  ...alertRulesRoutes,
  ...alertsRoutes,
  ...forecastsRoutes,
  ...notificationsRoutes,
  ...documentsRoutes,
  ...requestsRoutes,
  ...workOrdersRoutes,
  ...techniciansRoutes,
  ...clientsRoutes,
  ...usersRoutes,
  ...meRoutes,
  ...dashboardRoutes,
  ...scheduleRoutes,
  ...timeEntriesRoutes,
  ...maintenancePlansRoutes,
  ...webhooksRoutes,
  ...settingsRoutes,
  ...machineClientsRoutes,
  ...partnerAppsRoutes,
  ...zonesRoutes,
  ...docsRoutes,
  ...correlationsRoutes,
  ...transientsRoutes,
  ...qualityRoutes,
  ...consumptionRoutes,
  ...notificationPreferencesRoutes,
  ...aiRoutes,
  ...connectorsRoutes,
  ...assetRiskRoutes,
];
const routes: readonly RouteDecl[] = [...resourceRoutes, batchRoute(resourceRoutes), graphqlRoute(resourceRoutes)];

export const appModel: AppModel = {
  routes,
  usagePlans: USAGE_PLANS,
  queues: [
    {
      name: 'telemetry-events',
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      batchSize: 25,
      // The alert evaluator; its timeout stays below the visibility timeout.
      consumer: { handler: 'workers/alert-evaluator', fn: { timeoutSeconds: 30, memoryMb: 512, access: { table: 'readWrite' } } },
    },
    // The forecast worker (workers/forecast): timeout 240 s, below the 300 s visibility timeout.
    FORECAST_JOBS_QUEUE,
    // Domain events to webhook deliveries (workers/webhook-fanout), and the attempts (workers/webhook-delivery).
    EVENTS_QUEUE,
    WEBHOOK_DELIVERIES_QUEUE,
    // Domain events for in-app notifications (workers/notifications).
    NOTIFICATIONS_QUEUE,
    // The documents bucket's ObjectCreated notifications (workers/verify-document).
    DOCUMENT_UPLOADS_QUEUE,
    // Device messages from the IoT rule telemetry_store, stored in batches (workers/ingest-telemetry).
    TELEMETRY_INGEST_QUEUE,
    // Alert changes pushed to the live WebSocket connections (workers/live-updates).
    LIVE_UPDATES_QUEUE,
    // Water-quality model training (workers/model-training).
    MODEL_TRAINING_QUEUE,
    // Domain events and schedules to one run per connector (workers/connector-events, workers/connector-run).
    CONNECTOR_EVENTS_QUEUE,
    CONNECTOR_RUNS_QUEUE,
  ],
  schedules: [...platformSchedules, ...apiKeySchedules, ...alertSchedules, ...schedulingSchedules, ...maintenanceSchedules, ...zoneSchedules, ...notificationSchedules, ...aiSchedules, ...connectorSchedules],
  iotRules,
  // The outbox relay: inserted outbox items, from the table's stream, to DOMAIN_EVENT_QUEUES.
  // Each event a user's notification takes in, to their live connections and e-mail (lib/model/live.ts).
  streamConsumers: [OUTBOX_RELAY, NOTIFICATION_DELIVERIES],
  webSocket: LIVE_WEBSOCKET,
  scopes: SCOPES,
  graphqlApi: graphqlApi(resourceRoutes),
};

/** Finds a route by its operation id; throws on a typo so wiring mistakes fail at load. */
export function routeById(operationId: string): RouteDecl {
  const route = appModel.routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`No route ${operationId} in the app model`);
  return route;
}

/**
 * The app model: every route, queue, schedule and IoT rule of Hydrant, declared once.
 * `lib/cloud` builds the CDK stack from it and `lib/local` the local stack.
 */
import type { AppModel, RouteDecl } from './types';
import { USAGE_PLANS } from './usage-plans';
import { iotRules } from './iot-rules';
import { alertSchedules, platformSchedules, schedulingSchedules } from './schedules';
import { apiKeyRoutes, apiKeySchedules } from './routes/api-keys';
import { healthAndAuthRoutes } from './routes/health-and-auth';
import { mfaRoutes } from './routes/mfa';
import { appClientRoutes } from './routes/app-clients';
import { SCOPES } from './scopes';
import { batchRoute } from './routes/batch';
import { platformRoutes } from './routes/platform';
import { v2Routes } from './routes/v2';
import { assetRoutes, siteRoutes } from './routes/sites-and-assets';
import { sensorRoutes, telemetryRoutes } from './routes/telemetry';
import { alertRoutes, alertRuleRoutes } from './routes/alerts';
import { FORECAST_JOBS_QUEUE, forecastRoutes } from './routes/forecasts';
import { NOTIFICATIONS_QUEUE, notificationRoutes } from './routes/notifications';
import { DOCUMENT_UPLOADS_QUEUE, documentRoutes } from './routes/documents';
import { serviceRequestRoutes } from './routes/service-requests';
import { reportRoutes } from './routes/reports';
import { schedulingRoutes } from './routes/scheduling';
import { technicianRoutes, workOrderRoutes } from './routes/work-orders';
import { clientRoutes } from './routes/clients';
import { userRoutes } from './routes/users';
import { dashboardRoutes } from './routes/dashboard';
import { EVENTS_QUEUE, OUTBOX_RELAY, WEBHOOK_DELIVERIES_QUEUE, webhookRoutes } from './routes/webhooks';
import { maintenancePlanRoutes, maintenanceSchedules, timeEntryRoutes } from './routes/maintenance';
import { zoneRoutes } from './routes/zones';

export * from './types';

const resourceRoutes: readonly RouteDecl[] = [...healthAndAuthRoutes, ...platformRoutes, ...siteRoutes, ...assetRoutes, ...v2Routes, ...apiKeyRoutes, ...sensorRoutes, ...telemetryRoutes, ...alertRuleRoutes, ...alertRoutes, ...forecastRoutes, ...notificationRoutes, ...documentRoutes, ...serviceRequestRoutes, ...workOrderRoutes, ...technicianRoutes, ...clientRoutes, ...userRoutes, ...dashboardRoutes, ...reportRoutes, ...schedulingRoutes, ...timeEntryRoutes, ...maintenancePlanRoutes, ...webhookRoutes, ...mfaRoutes, ...appClientRoutes, ...zoneRoutes];
const routes: readonly RouteDecl[] = [...resourceRoutes, batchRoute(resourceRoutes)];

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
  ],
  schedules: [...platformSchedules, ...apiKeySchedules, ...alertSchedules, ...schedulingSchedules, ...maintenanceSchedules],
  iotRules,
  // The outbox relay: inserted outbox items, from the table's stream, to DOMAIN_EVENT_QUEUES.
  streamConsumers: [OUTBOX_RELAY],
  scopes: SCOPES,
};

/** Finds a route by its operation id; throws on a typo so wiring mistakes fail at load. */
export function routeById(operationId: string): RouteDecl {
  const route = appModel.routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`No route ${operationId} in the app model`);
  return route;
}

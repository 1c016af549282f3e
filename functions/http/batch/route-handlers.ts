// Generated from the app model (lib/model) by `npm run generate`. Do not edit by hand.
// Static imports, so esbuild bundles every route a batch may run into the batch function.
import type { Context } from 'aws-lambda';

type RouteHandler = (event: never, context: Context) => Promise<unknown>;

export const ROUTE_HANDLERS: Readonly<Record<string, () => Promise<{ handler: RouteHandler }>>> = {
  getUsage: () => import('../../http/usage/get'),
  listAuditLogs: () => import('../../http/audit-logs/list'),
  listApiAnomalies: () => import('../../http/admin/anomalies'),
  createSite: () => import('../../http/sites/create'),
  listSites: () => import('../../http/sites/list'),
  getSite: () => import('../../http/sites/get'),
  updateSite: () => import('../../http/sites/update'),
  deleteSite: () => import('../../http/sites/delete'),
  createAsset: () => import('../../http/assets/create'),
  listAssets: () => import('../../http/assets/list'),
  getAsset: () => import('../../http/assets/get'),
  updateAsset: () => import('../../http/assets/update'),
  deleteAsset: () => import('../../http/assets/delete'),
  getAssetV2: () => import('../../http/assets/get-v2'),
  listApiKeys: () => import('../../http/api-keys/list'),
  getApiKey: () => import('../../http/api-keys/get'),
  listSensors: () => import('../../http/sensors/list'),
  getSensor: () => import('../../http/sensors/get'),
  updateSensor: () => import('../../http/sensors/update'),
  createAlertRule: () => import('../../http/alert-rules/create'),
  listAlertRules: () => import('../../http/alert-rules/list'),
  getAlertRule: () => import('../../http/alert-rules/get'),
  updateAlertRule: () => import('../../http/alert-rules/update'),
  deleteAlertRule: () => import('../../http/alert-rules/delete'),
  listAlerts: () => import('../../http/alerts/list'),
  getAlert: () => import('../../http/alerts/get'),
  acknowledgeAlert: () => import('../../http/alerts/acknowledge'),
  createForecast: () => import('../../http/forecasts/create'),
  listForecasts: () => import('../../http/forecasts/list'),
  getForecast: () => import('../../http/forecasts/get'),
  getForecastChart: () => import('../../http/forecasts/chart'),
  listNotifications: () => import('../../http/notifications/list'),
  readNotification: () => import('../../http/notifications/read'),
  readAllNotifications: () => import('../../http/notifications/read-all'),
};

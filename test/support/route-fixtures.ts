/**
 * How to make a valid call to each route of the model: the path (with ids of
 * resources that exist, owned by the demo client Acme) and a valid body. The
 * authorization matrix and the bad-input test use it; a route without an entry
 * fails the matrix, so every new route must say how it is called.
 */
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from './api';
import { seedActiveAlert } from './alerts';
import { csvForecastBody, succeededForecast } from './forecasts';
import { fixtureNotification } from './notifications';
import { assignedWorkOrder, fixtureTechnician, fixtureWorkOrder, workOrderOpenedAgo } from './work-orders';
import { fixtureFeed, mondayAt } from './scheduling';
import { fixtureFailedDelivery, fixtureWebhook } from './webhooks';
import { DEMO_TECHNICIAN_ID } from '#lib/local/bootstrap/demo-field-operations';
import { activatedUser, createdUser, lastResetCode, strongPassword, uniqueEmail } from './users';
import { createMachineClient, totpCode, userWithMfaChallenge } from './identity';
import { correlationCall, leakZone } from './leak-network';
import { consentedCallback, fixtureConnector, fixtureOAuthConnector } from './connectors';

export const ACME = '01JC8Y5T0000000000ACME0001';

export interface PreparedCall {
  readonly path: string;
  readonly body?: unknown;
  /**
   * The call changes the caller's own account in a way the shared demo users must not
   * see (e.g. turning MFA on): the matrix calls it as a new user of the caller's role,
   * and this makes the body for that user's access token.
   */
  readonly asFreshUser?: (accessToken: string) => Promise<unknown>;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;

async function created(path: string, body: unknown): Promise<{ id: string } & Record<string, any>> {
  const res = await call('POST', path, { token: await tokenFor(USERS.manager), body });
  if (res.status !== 201) throw new Error(`fixture ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const fixtureSite = () =>
  created('/v1/sites', { name: unique('Site'), address: '1 place Bellecour, Lyon', location: { lat: 45.75, lon: 4.83 }, clientId: ACME });

export const fixtureAsset = async () => {
  const site = await fixtureSite();
  return created('/v1/assets', { name: unique('Asset'), type: 'pump', siteId: site.id, serialNumber: unique('SN') });
};

/** An open service request of Acme (made by a manager on Acme's behalf). */
export const fixtureRequest = () => created('/v1/requests', { kind: 'low-pressure', title: unique('Pression'), address: '3 rue Duguesclin, Lyon', clientId: ACME });

/** A declaration of a 5-byte PNG on a parent (its bytes are never uploaded). */
export const documentBody = (requestId: string) => ({
  parentType: 'request',
  parentId: requestId,
  fileName: `${unique('photo')}.png`,
  contentType: 'image/png',
  sizeBytes: 5,
  // SHA-256 of "hello"
  sha256: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
});

/** A pending document on a new Acme service request. */
export const fixtureDocument = async () => ((await created('/v1/documents', documentBody((await fixtureRequest()).id))) as any).document as { id: string };

/** An API key of the demo tenant (admins manage keys). */
export const fixtureApiKey = async (): Promise<{ id: string }> => {
  const res = await call('POST', '/v1/api-keys', { token: await tokenFor(USERS.admin), body: { name: unique('Key'), owner: 'Fixture partner', planId: 'standard' } });
  if (res.status !== 201) throw new Error(`fixture /v1/api-keys failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/**
 * An API key whose current value is pending, as an automatic rotation leaves it (written
 * in-process through the repository, like the schedule does; the schedule itself is
 * tested in api-keys.test.ts).
 */
export const fixturePendingValueKey = async (): Promise<{ id: string }> => {
  const key = await fixtureApiKey();
  Object.assign(process.env, inject('stackEnv'));
  const { getApiKey, saveApiKey } = await import('#adapters/dynamodb/api-keys-repository');
  const { DEMO_TENANT_ID } = await import('#lib/local/bootstrap/demo-data');
  const stored = (await getApiKey(DEMO_TENANT_ID, key.id))!;
  const now = new Date().toISOString();
  const pendingValue = { keyPrefix: stored.keyPrefix, rotatedAt: now, previousValueUntil: now, notifiedAt: now };
  await saveApiKey(DEMO_TENANT_ID, { ...stored, version: stored.version + 1, pendingValue }, stored.version, { policiesOf: [] });
  return key;
};

const alertRuleBody = (siteId: string) => ({
  name: unique('Rule'),
  siteId,
  kind: 'ph',
  condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 },
  severity: 'major',
});

/** A pH threshold rule on a new Acme site. */
export const fixtureAlertRule = async () => created('/v1/alert-rules', alertRuleBody((await fixtureSite()).id));

/** An active alert on a new Acme site (written in-process as the evaluator writes it). */
export const fixtureAlert = async () => seedActiveAlert((await fixtureSite()).id, ACME);

/** A sensor code nobody else uses (codes are global: they are IoT thing names). */
export const uniqueSensorId = (prefix = 'FX') => `${prefix}_${process.pid}_${Date.now()}_${seq++}`.toUpperCase();

/** A calendar maintenance plan on a new Acme asset. */
export const fixtureMaintenancePlan = async () =>
  created(`/v1/assets/${(await fixtureAsset()).id}/maintenance-plans`, { title: unique('Plan'), calendar: { every: 1, unit: 'months' } });

/** A pH sensor on a new Acme site (its credentials are dropped). */
export const fixtureSensor = async () => created('/v1/sensors', { id: uniqueSensorId(), kind: 'ph', siteId: (await fixtureSite()).id });

/** A small square around Lyon's Croix-Rousse, closed. */
export const ZONE_BOUNDARY = { type: 'Polygon', coordinates: [[[4.82, 45.77], [4.84, 45.77], [4.84, 45.78], [4.82, 45.78], [4.82, 45.77]]] };

/** A zone body metered by one new flow sensor on a new Acme site. */
export const zoneBody = async () => {
  const site = await fixtureSite();
  const meter = await created('/v1/sensors', { id: uniqueSensorId('FLOW'), kind: 'flow', siteId: site.id });
  return { name: unique('Zone'), siteId: site.id, boundary: ZONE_BOUNDARY, meters: [{ sensorId: meter.id, direction: 'in' }], serviceConnections: 800, mainsLengthKm: 12, timezone: 'Europe/Paris' };
};

/** A zone of Acme metered by one flow sensor. */
export const fixtureZone = async () => created('/v1/zones', await zoneBody());

/** A sampling point (a customer tap) on a new Acme site. */
export const fixtureSamplingPoint = async () => created('/v1/quality/sampling-points', { name: unique('Robinet'), siteId: (await fixtureSite()).id, kind: 'customer_tap' });

/** A limit set of a new Acme site, stricter than the regulation. */
export const limitSetBody = async () => ({ name: unique('Limites'), siteId: (await fixtureSite()).id, limits: [{ parameter: 'turbidity', max: 1, unit: 'NTU' }, { parameter: 'ph', min: 6.8, max: 9 }] });
export const fixtureLimitSet = async () => created('/v1/quality/limit-sets', await limitSetBody());

/** One lab result at a new sampling point, taken an hour ago by a lab of its own (a new natural key every time). */
export const samplesBody = async () => ({
  samples: [{ samplingPointId: (await fixtureSamplingPoint()).id, takenAt: new Date(Date.now() - 3_600_000).toISOString(), parameter: 'nitrate', value: 12.5, unit: 'mg/L', limitOfQuantification: 0.5, lab: unique('Lab') }],
});

/** The current month (UTC), YYYY-MM. */
export const currentMonth = () => new Date().toISOString().slice(0, 7);

/** One Acme sensor shared by the read-only telemetry fixtures. */
let sharedSensor: Promise<{ id: string } & Record<string, any>> | undefined;
const telemetrySensor = () => (sharedSensor ??= fixtureSensor());

/** One leak zone and one correlation (two uploaded recordings) shared by the read-only leak-analysis fixtures. */
let sharedCorrelation: Promise<PreparedCall> | undefined;
let sharedZone: ReturnType<typeof leakZone> | undefined;
const sharedLeakZone = () => (sharedZone ??= leakZone());

/** Ten seconds of steady pressure at 100 Hz: no transient, so no alert changes. */
const quietBurst = () => ({ startAt: new Date(Date.now() - 60_000).toISOString(), sampleRateHz: 100, values: Array.from({ length: 1000 }, (_, i) => 4.5 + 0.002 * Math.sin(i)) });

/** A fresh refresh token of a user nobody else logs out. */
const freshRefreshToken = async () => {
  const res = await call('POST', '/v1/auth/login', { body: { username: USERS.technician, password: DEMO_PASSWORD } });
  return res.body.refresh_token as string;
};

export const ROUTE_FIXTURES: Record<string, () => Promise<PreparedCall>> = {
  getHealth: async () => ({ path: '/v1/health' }),
  getDocsPage: async () => ({ path: '/docs' }),
  getDocsScript: async () => ({ path: '/docs/swagger-ui.js' }),
  getOpenApi: async () => ({ path: '/openapi.json' }),
  login: async () => ({ path: '/v1/auth/login', body: { username: USERS.manager, password: DEMO_PASSWORD } }),
  refreshTokens: async () => ({ path: '/v1/auth/refresh', body: { refresh_token: await freshRefreshToken() } }),
  logout: async () => ({ path: '/v1/auth/logout', body: { refresh_token: await freshRefreshToken() } }),

  completeNewPassword: async () => {
    const user = await createdUser('technician');
    const login = await call('POST', '/v1/auth/login', { body: { username: user.email, password: user.temporaryPassword } });
    return { path: '/v1/auth/new-password', body: { username: user.email, session: login.body.session, newPassword: strongPassword() } };
  },
  forgotPassword: async () => ({ path: '/v1/auth/forgot-password', body: { username: USERS.technician } }),
  resetPassword: async () => {
    const { user } = await activatedUser('technician');
    await call('POST', '/v1/auth/forgot-password', { body: { username: user.email } });
    return { path: '/v1/auth/reset-password', body: { username: user.email, code: await lastResetCode(user.email), newPassword: strongPassword() } };
  },

  createUser: async () => ({ path: '/v1/users', body: { email: uniqueEmail('tech'), givenName: 'Camille', familyName: 'Martin', role: 'technician' } }),
  listUsers: async () => ({ path: '/v1/users?limit=5' }),
  getUser: async () => ({ path: `/v1/users/${(await createdUser('technician')).id}` }),
  updateUser: async () => ({ path: `/v1/users/${(await createdUser('technician')).id}`, body: { givenName: 'Dominique' } }),
  eraseUser: async () => ({ path: `/v1/users/${(await createdUser('technician')).id}` }),
  exportUser: async () => ({ path: `/v1/users/${(await createdUser('technician')).id}/export` }),
  getMe: async () => ({ path: '/v1/me' }),
  updateMe: async () => ({ path: '/v1/me', body: { givenName: 'Demo' } }),
  // The demo users keep their password (the same one again); the fuzz test uses a throwaway user.
  changeMyPassword: async () => ({ path: '/v1/me/password', body: { oldPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } }),
  recordMyConsent: async () => ({ path: '/v1/me/consent', body: { policyVersion: '2026-11' } }),
  exportMyData: async () => ({ path: '/v1/me/export' }),

  getUsage: async () => ({ path: '/v1/usage' }),
  listAuditLogs: async () => ({ path: '/v1/audit-logs?limit=5' }),
  listApiAnomalies: async () => ({ path: '/v1/admin/anomalies' }),

  createSite: async () => ({ path: '/v1/sites', body: { name: unique('Site'), address: '2 rue de la République, Lyon', location: { lat: 45.76, lon: 4.83 }, clientId: ACME } }),
  listSites: async () => ({ path: '/v1/sites?limit=5' }),
  getSite: async () => ({ path: `/v1/sites/${(await fixtureSite()).id}` }),
  updateSite: async () => ({ path: `/v1/sites/${(await fixtureSite()).id}`, body: { name: unique('Renamed') } }),
  deleteSite: async () => ({ path: `/v1/sites/${(await fixtureSite()).id}` }),

  createAsset: async () => ({ path: '/v1/assets', body: { name: unique('Asset'), type: 'valve', siteId: (await fixtureSite()).id, serialNumber: unique('SN') } }),
  listAssets: async () => ({ path: '/v1/assets?limit=5' }),
  getAsset: async () => ({ path: `/v1/assets/${(await fixtureAsset()).id}` }),
  updateAsset: async () => ({ path: `/v1/assets/${(await fixtureAsset()).id}`, body: { status: 'degraded' } }),
  getAssetV2: async () => ({ path: `/v2/assets/${(await fixtureAsset()).id}` }),
  deleteAsset: async () => ({ path: `/v1/assets/${(await fixtureAsset()).id}` }),

  createApiKey: async () => ({ path: '/v1/api-keys', body: { name: unique('Key'), owner: 'Matrix partner', planId: 'standard', ipAllowList: ['127.0.0.1', '::1'] } }),
  listApiKeys: async () => ({ path: '/v1/api-keys?limit=5' }),
  getApiKey: async () => ({ path: `/v1/api-keys/${(await fixtureApiKey()).id}` }),
  updateApiKey: async () => ({ path: `/v1/api-keys/${(await fixtureApiKey()).id}`, body: { owner: unique('Owner') } }),
  deleteApiKey: async () => ({ path: `/v1/api-keys/${(await fixtureApiKey()).id}` }),
  rotateApiKey: async () => ({ path: `/v1/api-keys/${(await fixtureApiKey()).id}/rotate`, body: { gracePeriodHours: 1 } }),
  claimApiKeyPendingValue: async () => ({ path: `/v1/api-keys/${(await fixturePendingValueKey()).id}/pending-value` }),

  createSensor: async () => ({ path: '/v1/sensors', body: { id: uniqueSensorId(), kind: 'chlorine', siteId: (await fixtureSite()).id, sampleIntervalSeconds: 300 } }),
  listSensors: async () => ({ path: '/v1/sensors?limit=5' }),
  getSensor: async () => ({ path: `/v1/sensors/${(await fixtureSensor()).id}` }),
  updateSensor: async () => ({ path: `/v1/sensors/${(await fixtureSensor()).id}`, body: { status: 'maintenance' } }),
  deleteSensor: async () => ({ path: `/v1/sensors/${(await fixtureSensor()).id}` }),
  ingestTelemetry: async () => ({ path: '/v1/telemetry', body: { readings: [{ sensorId: (await telemetrySensor()).id, ts: Date.now() - 60_000, value: 7.1 }] } }),
  getSensorReadings: async () => ({ path: `/v1/sensors/${(await telemetrySensor()).id}/readings?interval=1h&tz=Europe%2FParis` }),
  getSensorLatest: async () => ({ path: `/v1/sensors/${(await telemetrySensor()).id}/latest` }),
  getSiteLatest: async () => ({ path: `/v1/sites/${(await telemetrySensor()).siteId}/latest` }),

  createZone: async () => ({ path: '/v1/zones', body: await zoneBody() }),
  listZones: async () => ({ path: '/v1/zones?limit=5' }),
  getZone: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}` }),
  updateZone: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}`, body: { serviceConnections: 1200 } }),
  deleteZone: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}` }),
  getZoneNightFlow: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}/night-flow?from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}` }),
  getZoneNightFlowChart: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}/night-flow.svg?from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}` }),
  correlateLeakNoise: async () => (sharedCorrelation ??= leakZone().then((network) => correlationCall(network, 200, 70, 41, 1250))),
  scanPressureTransients: async () => ({ path: `/v1/sensors/${(await sharedLeakZone()).pressureSensorId}/transients`, body: quietBurst() }),
  importConsumption: async () => ({
    path: '/v1/consumption',
    body: { rows: [{ connectionId: unique('PDL'), zoneId: (await fixtureZone()).id, periodStart: '2026-01-01', periodEnd: '2026-03-31', volumeM3: 28.4, billed: true, metered: true }] },
  }),
  getZoneWaterBalance: async () => ({ path: `/v1/zones/${(await fixtureZone()).id}/water-balance?from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}` }),

  predict: async () => ({ path: '/v1/ai/predict', body: { modelName: 'water_quality_predictor', inputData: { ph: 7.2, turbidity: 0.8, chlorine: 0.3, temperature: 18.5 }, explanationRequested: true, confidenceThreshold: 0.7 } }),
  listModels: async () => ({ path: '/v1/ai/models' }),
  trainModel: async () => ({ path: '/v1/ai/models/water_quality_predictor/train', body: { horizonHours: 6 } }),

  createAlertRule: async () => ({ path: '/v1/alert-rules', body: alertRuleBody((await fixtureSite()).id) }),
  listAlertRules: async () => ({ path: '/v1/alert-rules?limit=5' }),
  getAlertRule: async () => ({ path: `/v1/alert-rules/${(await fixtureAlertRule()).id}` }),
  updateAlertRule: async () => ({ path: `/v1/alert-rules/${(await fixtureAlertRule()).id}`, body: { severity: 'critical' } }),
  deleteAlertRule: async () => ({ path: `/v1/alert-rules/${(await fixtureAlertRule()).id}` }),
  listAlerts: async () => ({ path: '/v1/alerts?limit=5' }),
  getAlert: async () => ({ path: `/v1/alerts/${(await fixtureAlert()).id}` }),
  acknowledgeAlert: async () => ({ path: `/v1/alerts/${(await fixtureAlert()).id}/acknowledge` }),

  createForecast: async () => ({ path: '/v1/forecasts', body: csvForecastBody() }),
  listForecasts: async () => ({ path: '/v1/forecasts?limit=5' }),
  getForecast: async () => ({ path: `/v1/forecasts/${(await succeededForecast()).id}` }),
  getForecastChart: async () => ({ path: `/v1/forecasts/${(await succeededForecast()).id}/chart.svg` }),

  listNotifications: async () => ({ path: '/v1/notifications?unread=true&limit=5' }),
  readNotification: async () => ({ path: `/v1/notifications/${(await fixtureNotification()).id}/read` }),
  readAllNotifications: async () => ({ path: '/v1/notifications/read-all' }),

  createDocument: async () => ({ path: '/v1/documents', body: documentBody((await fixtureRequest()).id) }),
  listDocuments: async () => ({ path: `/v1/documents?parentType=request&parentId=${(await fixtureRequest()).id}` }),
  getDocument: async () => ({ path: `/v1/documents/${(await fixtureDocument()).id}` }),
  deleteDocument: async () => ({ path: `/v1/documents/${(await fixtureDocument()).id}` }),

  createServiceRequest: async () => ({ path: '/v1/requests', body: { kind: 'leak', title: unique('Fuite'), address: '14 rue Garibaldi, Lyon' } }),
  listServiceRequests: async () => ({ path: '/v1/requests?limit=5' }),
  getServiceRequest: async () => ({ path: `/v1/requests/${(await fixtureRequest()).id}` }),
  convertServiceRequest: async () => ({ path: `/v1/requests/${(await fixtureRequest()).id}/convert`, body: { priority: 'high' } }),
  createWorkOrderReport: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}/report` }),
  createWorkOrder: async () => ({ path: '/v1/work-orders', body: { title: unique('WO'), type: 'inspection', priority: 'high', siteId: (await fixtureSite()).id, checklist: [{ label: 'Pression', kind: 'measurement', unit: 'bar', min: 1, max: 8 }] } }),
  listWorkOrders: async () => ({ path: '/v1/work-orders?limit=5&status=open' }),
  getWorkOrder: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}` }),
  updateWorkOrder: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}`, body: { priority: 'critical' } }),
  // Assigned to the demo technician, so starting it is allowed to the technician as to managers.
  transitionWorkOrder: async () => ({ path: `/v1/work-orders/${(await assignedWorkOrder((await fixtureSite()).id)).id}/transitions`, body: { to: 'in_progress', comment: 'On site' } }),
  assignWorkOrder: async () => ({
    path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}/assignment`,
    body: { technicianId: (await fixtureTechnician()).id, start: mondayAt(10, 2), durationMinutes: 60 },
  }),
  listWorkOrderCandidates: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}/candidates?start=${mondayAt()}&durationMinutes=90` }),
  getSchedule: async () => ({ path: `/v1/schedule?from=${mondayAt(0)}&to=${mondayAt(0, 2)}` }),
  createScheduleFeed: async () => ({ path: '/v1/schedule/feeds', body: { technicianId: DEMO_TECHNICIAN_ID } }),
  deleteScheduleFeed: async () => ({ path: `/v1/schedule/feeds/${(await fixtureFeed()).id}` }),
  getScheduleIcs: async () => ({ path: (await fixtureFeed()).path }),
  listWorkOrderHistory: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}/history` }),

  createTechnician: async () => ({ path: '/v1/technicians', body: { name: unique('Tech'), skills: ['hydraulics'], workingHours: { timeZone: 'Europe/Paris', periods: [{ day: 'mon', start: '08:00', end: '17:00' }] } } }),
  listTechnicians: async () => ({ path: '/v1/technicians?limit=5' }),
  getTechnician: async () => ({ path: `/v1/technicians/${(await fixtureTechnician()).id}` }),
  createClient: async () => ({ path: '/v1/clients', body: { name: unique('Client'), email: 'ops@client.example' } }),
  listClients: async () => ({ path: '/v1/clients?limit=5&search=acme' }),
  getClient: async () => ({ path: `/v1/clients/${ACME}` }),
  updateClient: async () => ({ path: `/v1/clients/${ACME}`, body: { phone: '+33 4 72 00 00 01' } }),
  deleteClient: async () => ({ path: `/v1/clients/${(await created('/v1/clients', { name: unique('Client') })).id}` }),

  getDashboard: async () => ({ path: '/v1/dashboard' }),

  updateTechnician: async () => ({ path: `/v1/technicians/${(await fixtureTechnician()).id}`, body: { level: 'senior' } }),

  // Time entries: the demo technician logs for themself (managers may log for anyone).
  createTimeEntry: async () => ({ path: `/v1/work-orders/${(await workOrderOpenedAgo((await fixtureSite()).id, 3)).id}/time-entries`, body: { technicianId: DEMO_TECHNICIAN_ID, start: new Date(Date.now() - 2 * 3_600_000).toISOString(), minutes: 45, note: 'Fixture' } }),
  listTimeEntries: async () => ({ path: `/v1/work-orders/${(await fixtureWorkOrder((await fixtureSite()).id)).id}/time-entries?limit=5` }),
  exportTimeEntries: async () => ({ path: `/v1/time-entries/export?from=${encodeURIComponent(new Date(Date.now() - 7 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}` }),
  createMaintenancePlan: async () => ({ path: `/v1/assets/${(await fixtureAsset()).id}/maintenance-plans`, body: { title: unique('Plan'), template: { priority: 'normal', requiredSkills: ['hydraulics'] }, calendar: { every: 3, unit: 'months' }, leadTimeDays: 7 } }),
  listMaintenancePlans: async () => ({ path: `/v1/assets/${(await fixtureAsset()).id}/maintenance-plans` }),
  getMaintenancePlan: async () => ({ path: `/v1/maintenance-plans/${(await fixtureMaintenancePlan()).id}` }),
  updateMaintenancePlan: async () => ({ path: `/v1/maintenance-plans/${(await fixtureMaintenancePlan()).id}`, body: { leadTimeDays: 14 } }),
  deleteMaintenancePlan: async () => ({ path: `/v1/maintenance-plans/${(await fixtureMaintenancePlan()).id}` }),

  createWebhook: async () => ({ path: '/v1/webhooks', body: { url: 'https://partner.example/hooks/hydrant', eventTypes: ['work_order.created'], filter: [{ path: 'data.priority', op: 'eq', value: 'critical' }] } }),
  listWebhooks: async () => ({ path: '/v1/webhooks?limit=5' }),
  getWebhook: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}` }),
  updateWebhook: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}`, body: { description: unique('Partner') } }),
  deleteWebhook: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}` }),
  rotateWebhookSecret: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}/rotate-secret` }),
  testWebhook: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}/test` }),
  listWebhookDeliveries: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}/deliveries?limit=5` }),
  retryWebhookDelivery: async () => {
    const { webhookId, deliveryId } = await fixtureFailedDelivery();
    return { path: `/v1/webhooks/${webhookId}/deliveries/${deliveryId}/retry` };
  },
  respondToMfaChallenge: async () => {
    const { email, secret, session } = await userWithMfaChallenge();
    // The enrolment used the current step: the next step's code is the first unused one.
    return { path: '/v1/auth/mfa', body: { username: email, session, code: totpCode(secret, 1) } };
  },
  setupMfa: async () => ({ path: '/v1/me/mfa/setup' }),
  verifyMfa: async () => ({
    path: '/v1/me/mfa/verify',
    body: { code: '000000' },
    asFreshUser: async (accessToken) => {
      const setup = await call('POST', '/v1/me/mfa/setup', { token: accessToken });
      return { code: totpCode(setup.body.secret) };
    },
  }),
  // Turning off an MFA that is not on is harmless to the demo users.
  disableMfa: async () => ({ path: '/v1/me/mfa' }),
  getSecuritySettings: async () => ({ path: '/v1/settings/security' }),
  // The demo tenant never requires MFA: the other tests log its users in with a password only.
  updateSecuritySettings: async () => ({ path: '/v1/settings/security', body: { mfaRequiredRoles: [] } }),

  createMachineClient: async () => ({ path: '/v1/machine-clients', body: { name: unique('Machine'), scopes: ['telemetry.read', 'work-orders.read'] } }),
  listMachineClients: async () => ({ path: '/v1/machine-clients?limit=5' }),
  deleteMachineClient: async () => ({ path: `/v1/machine-clients/${(await createMachineClient(['telemetry.read'])).id}` }),
  createPartnerApp: async () => ({ path: '/v1/partner-apps', body: { name: unique('Partner'), scopes: ['work-orders.read'], callbackUrls: ['https://app.partner.example/oauth/callback'] } }),
  listPartnerApps: async () => ({ path: '/v1/partner-apps?limit=5' }),
  deletePartnerApp: async () => {
    const res = await call('POST', '/v1/partner-apps', { token: await tokenFor(USERS.admin), body: { name: unique('Partner'), scopes: ['work-orders.read'], callbackUrls: ['https://app.partner.example/cb'] } });
    if (res.status !== 201) throw new Error(`fixture partner app failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { path: `/v1/partner-apps/${res.body.id}` };
  },

  replayWebhook: async () => ({ path: `/v1/webhooks/${(await fixtureWebhook()).id}/replay`, body: { since: new Date(Date.now() - 3_600_000).toISOString() } }),

  listQualityParameters: async () => ({ path: '/v1/quality/parameters' }),
  createLimitSet: async () => ({ path: '/v1/quality/limit-sets', body: await limitSetBody() }),
  listLimitSets: async () => ({ path: '/v1/quality/limit-sets?limit=5' }),
  getLimitSet: async () => ({ path: `/v1/quality/limit-sets/${(await fixtureLimitSet()).id}` }),
  updateLimitSet: async () => ({ path: `/v1/quality/limit-sets/${(await fixtureLimitSet()).id}`, body: { limits: [{ parameter: 'turbidity', max: 0.5 }] } }),
  deleteLimitSet: async () => ({ path: `/v1/quality/limit-sets/${(await fixtureLimitSet()).id}` }),
  createSamplingPoint: async () => ({ path: '/v1/quality/sampling-points', body: { name: unique('Sortie usine'), siteId: (await fixtureSite()).id, kind: 'plant_outlet' } }),
  listSamplingPoints: async () => ({ path: '/v1/quality/sampling-points?limit=5' }),
  getSamplingPoint: async () => ({ path: `/v1/quality/sampling-points/${(await fixtureSamplingPoint()).id}` }),
  updateSamplingPoint: async () => ({ path: `/v1/quality/sampling-points/${(await fixtureSamplingPoint()).id}`, body: { kind: 'network' } }),
  deleteSamplingPoint: async () => ({ path: `/v1/quality/sampling-points/${(await fixtureSamplingPoint()).id}` }),
  importQualitySamples: async () => ({ path: '/v1/quality/samples', body: await samplesBody() }),
  listExceedances: async () => ({ path: '/v1/quality/exceedances?limit=5' }),
  getQualityCompliance: async () => ({ path: `/v1/quality/compliance?siteId=${(await fixtureSite()).id}` }),
  createQualityReport: async () => ({ path: '/v1/quality/reports', body: { siteId: (await fixtureSite()).id, month: currentMonth() } }),
  getNotificationPreferences: async () => ({ path: '/v1/me/notification-preferences' }),
  // E-mails off: the demo users' mailboxes stay as the other tests expect them.
  updateNotificationPreferences: async () => ({ path: '/v1/me/notification-preferences', body: { locale: 'fr', email: 'off', eventTypes: ['alert.raised'] } }),
  // The link of a user of the demo tenant nobody else is: following it changes no one's e-mails.
  unsubscribe: async () => {
    const { DEMO_TENANT_ID } = await import('#lib/local/bootstrap/demo-data');
    const { unsubscribeLink } = await import('#application/notification-preferences/unsubscribe-link');
    const link = new URL(await unsubscribeLink(DEMO_TENANT_ID, unique('fixture-user'), new Date()));
    return { path: `${link.pathname}${link.search}` };
  },
  createConnector: async () => ({ path: '/v1/connectors', body: { type: 'silae', config: { companyCode: unique('Dossier') }, credentials: { clientId: 'cid', clientSecret: 'csecret', subscriptionKey: 'sk' } } }),
  listConnectors: async () => ({ path: '/v1/connectors?limit=5' }),
  getConnector: async () => ({ path: `/v1/connectors/${(await fixtureConnector()).id}` }),
  updateConnector: async () => ({ path: `/v1/connectors/${(await fixtureConnector()).id}`, body: { config: { defaultChannel: unique('#general') } } }),
  deleteConnector: async () => ({ path: `/v1/connectors/${(await fixtureConnector()).id}` }),
  listConnectorRuns: async () => ({ path: `/v1/connectors/${(await fixtureConnector()).id}/runs?limit=5` }),
  authorizeConnector: async () => ({ path: `/v1/connectors/${(await fixtureOAuthConnector()).id}/authorize` }),
  completeConnectorOAuth: async () => {
    const back = await consentedCallback((await fixtureOAuthConnector()).id);
    return { path: `${back.pathname}${back.search}` };
  },
  listAssetsAtRisk: async () => ({ path: `/v1/assets/at-risk?siteId=${(await fixtureSite()).id}&horizonDays=30&limit=5` }),
};

/**
 * Routes whose valid body names an Acme resource: for another client's user it names a
 * resource that does not exist (400 VALIDATION_FAILED, as for any unknown reference).
 */
export const ACME_RESOURCE_IN_BODY: ReadonlySet<string> = new Set(['createDocument']);

ROUTE_FIXTURES.batch = async () => ({
  path: '/v1/batch',
  body: { operations: [{ method: 'GET', path: '/v1/sites?limit=1' }] },
});

ROUTE_FIXTURES.graphql = async () => ({
  path: '/graphql',
  body: { query: 'query Sites($n: Int) { sites(first: $n) { pageInfo { hasNextPage } } }', variables: { n: 1 } },
});

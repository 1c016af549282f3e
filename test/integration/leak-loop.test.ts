/**
 * The leak loop through the local stack: a zone with an inlet and an outlet meter, 50
 * nights of readings written to the telemetry store (a steady night line, then a leak of
 * +4 m³/h from night 30 to night 40), the nightly leak-detection worker run in process at
 * chosen mornings: the zone's leak alert raised once with its figures, a second run for the
 * same night changing nothing, the leak-investigation work order opened by the zone's leak
 * rule with a `leak-detection` technician ranked first, the `leak.suspected` webhook
 * delivered; then repeats grouped on the alert, and the alert cleared (`leak.cleared`) once
 * the line returned. The night-flow chart marks the leak.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, uniqueSensorId, ZONE_BOUNDARY } from '../support/route-fixtures';
import { startReceiver, type Receiver } from '../support/webhooks';

for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
afterAll(() => {
  vi.unstubAllEnvs();
});

const HOUR = 3_600_000;
const DAY = 86_400_000;
const NIGHTS = 50;
const LEAK_FROM = 30;
const LEAK_TO = 40;
const LEAK_M3H = 4;
/** Night 0 starts 60 days before today (UTC midnight): every reading is in the store's past. */
const FIRST = Math.floor(Date.now() / DAY) * DAY - 60 * DAY;
const nightLabel = (i: number) => new Date(FIRST + i * DAY).toISOString().slice(0, 10);
/** 06:00 UTC on the morning after night `i` (the schedule's time). */
const morningAfter = (i: number) => new Date(FIRST + i * DAY + 6 * HOUR);

let admin: string;
let manager: string;
let receiver: Receiver;

async function created(path: string, body: unknown, token = manager) {
  const res = await call('POST', path, { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const runSchedule = async (at: Date) => (await import('#application/zones/detect-leaks')).detectLeaksInZones(at);

describe('the leak loop', () => {
  let zoneId: string;
  let leakTechnicianId: string;
  let electricianId: string;

  beforeAll(async () => {
    [admin, manager] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager)]);
    receiver = await startReceiver();
    const hook = await created('/v1/webhooks', { url: receiver.url('/leaks'), eventTypes: ['leak.suspected', 'leak.cleared'] }, admin);
    // The nights are simulated in the past, and so are the schedule's runs: the subscription
    // must predate them, as an endpoint subscribed before the leak (events before a
    // subscription's creation are not sent to it).
    const { documentClient, tableName } = await import('#adapters/dynamodb/client');
    const { webhookKey } = await import('#adapters/dynamodb/webhooks-repository');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: webhookKey(DEMO_TENANT_ID, hook.id), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': new Date(FIRST).toISOString() } }));

    const site = await created('/v1/sites', { name: 'Secteur Nord', address: '2 rue de Cuire, Lyon', location: { lat: 45.79, lon: 4.83 }, clientId: ACME });
    const inlet = await created('/v1/sensors', { id: uniqueSensorId('LEAK_IN'), kind: 'flow', siteId: site.id });
    const outlet = await created('/v1/sensors', { id: uniqueSensorId('LEAK_OUT'), kind: 'flow', siteId: site.id });
    const zone = await created('/v1/zones', {
      name: 'Nord',
      siteId: site.id,
      boundary: ZONE_BOUNDARY,
      meters: [
        { sensorId: inlet.id, direction: 'in' },
        { sensorId: outlet.id, direction: 'out' },
      ],
      serviceConnections: 800,
      mainsLengthKm: 12,
      timezone: 'UTC',
    });
    zoneId = zone.id;
    await created('/v1/alert-rules', { name: 'Leaks in Nord', zoneId, condition: { type: 'leak' }, severity: 'critical', openWorkOrder: true });
    leakTechnicianId = (await created('/v1/technicians', { name: `Leak tech ${process.pid}`, skills: ['leak-detection'] })).id;
    electricianId = (await created('/v1/technicians', { name: `Electrician ${process.pid}`, skills: ['electrical'] })).id;

    // Net night flow about 20 m³/h (inlet 26, outlet 6) with 2 % noise; the leak adds 4 m³/h.
    const random = seededRandom(42);
    const readings = [];
    for (let i = 0; i < NIGHTS; i++) {
      for (let hour = 0; hour < 24; hour++) {
        const night = hour >= 2 && hour < 4;
        const demand = night ? 20 * (1 + 0.02 * gaussian(random)) : 60 + 20 * Math.sin((hour / 24) * 2 * Math.PI);
        const leak = i >= LEAK_FROM && i < LEAK_TO ? LEAK_M3H : 0;
        const ts = FIRST + i * DAY + hour * HOUR + 30 * 60_000;
        readings.push({ sensorId: inlet.id as string, ts, value: demand + leak + 6, quality: 'GOOD' as const }, { sensorId: outlet.id as string, ts, value: 6, quality: 'GOOD' as const });
      }
    }
    const { telemetryStore } = await import('#adapters/telemetry/telemetry-store');
    for (let k = 0; k < readings.length; k += 500) expect((await telemetryStore.write(DEMO_TENANT_ID, readings.slice(k, k + 500))).rejected).toEqual([]);
  });
  afterAll(async () => receiver?.close());

  const zoneAlerts = async () => (await call('GET', `/v1/alerts?zoneId=${zoneId}&limit=100`, { token: manager })).body.data as any[];
  const deliveries = (type: string) => receiver.received.map((r) => JSON.parse(r.body)).filter((e) => e.type === type && e.data.zoneId === zoneId);

  it('raises nothing on the steady line', async () => {
    const outcome = await runSchedule(morningAfter(LEAK_FROM - 1));
    expect(outcome.details.zones).toBeGreaterThanOrEqual(1);
    expect(await zoneAlerts()).toEqual([]);
  });

  it('raises one leak alert within three nights with its figures, once however often the schedule runs, and opens a leak investigation', async () => {
    let raisedOn: number | undefined;
    for (let i = LEAK_FROM; i < LEAK_FROM + 3 && raisedOn === undefined; i++) {
      await runSchedule(morningAfter(i));
      if ((await zoneAlerts()).length > 0) raisedOn = i;
    }
    expect(raisedOn, 'raised within 3 nights').toBeDefined();
    await runSchedule(morningAfter(raisedOn!)); // the same night again: nothing changes
    const alerts = await zoneAlerts();
    expect(alerts).toHaveLength(1);
    const alert = alerts[0];
    expect(alert).toMatchObject({ zoneId, conditionType: 'leak', sensorId: null, severity: 'critical', status: 'active', workOrderRequested: true, version: 1, clientId: ACME });
    expect(Math.abs(Date.parse(alert.leak.startNight) - Date.parse(nightLabel(LEAK_FROM))) / DAY).toBeLessThanOrEqual(1);
    expect(alert.leak.addedFlowM3h).toBeGreaterThan(LEAK_M3H * 0.75);
    expect(alert.leak.addedFlowM3h).toBeLessThan(LEAK_M3H * 1.25);
    const [lo, hi] = alert.leak.addedFlowInterval95M3h;
    expect(lo).toBeLessThan(alert.leak.addedFlowM3h);
    expect(hi).toBeGreaterThan(alert.leak.addedFlowM3h);
    const nights = Math.round((Date.parse(alert.leak.lastSeenNight) - Date.parse(alert.leak.startNight)) / DAY) + 1;
    expect(alert.leak.volumeLostM3).toBeCloseTo(alert.leak.addedFlowM3h * 24 * nights, 0);
    expect(alert.leak).toMatchObject({ count: 1, lastSeenNight: nightLabel(raisedOn!), clearedNight: null });

    const orders = (await call('GET', '/v1/work-orders?limit=100&type=inspection', { token: manager })).body.data.filter((w: any) => w.sourceRef === alert.id);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ source: 'alert', requiredSkills: ['leak-detection'], priority: 'critical', title: 'Leak investigation: zone Nord' });
    const ranked = (await call('GET', `/v1/work-orders/${orders[0].id}/candidates`, { token: manager })).body.data as any[];
    expect(ranked[0].missingSkills).toEqual([]);
    const position = (id: string) => ranked.findIndex((c) => c.technicianId === id);
    expect(position(leakTechnicianId)).toBeGreaterThanOrEqual(0);
    expect(position(leakTechnicianId)).toBeLessThan(position(electricianId));

    const [delivered] = await receiver.waitFor('/leaks', 1, 30_000, (r) => JSON.parse(r.body).data?.zoneId === zoneId);
    expect(JSON.parse(delivered!.body)).toMatchObject({ type: 'leak.suspected', data: { id: alert.id, zoneId, leak: { startNight: alert.leak.startNight } } });
  });

  it('groups the following nights on the one alert, then clears it with leak.cleared when the line returns', async () => {
    await runSchedule(morningAfter(LEAK_TO - 2));
    const [repeated] = await zoneAlerts();
    expect(repeated).toMatchObject({ status: 'active', version: 2, leak: { count: 2, lastSeenNight: nightLabel(LEAK_TO - 2) } });

    await runSchedule(morningAfter(NIGHTS - 1));
    const alerts = await zoneAlerts();
    expect(alerts).toHaveLength(1);
    const cleared = alerts[0];
    expect(cleared).toMatchObject({ status: 'cleared', leak: { count: 2 } });
    expect(Math.abs(Date.parse(cleared.leak.clearedNight) - Date.parse(nightLabel(LEAK_TO))) / DAY).toBeLessThanOrEqual(3);
    expect(cleared.clearedBy.reason).toMatch(/returned/);
    await receiver.waitFor('/leaks', 2, 30_000, (r) => JSON.parse(r.body).data?.zoneId === zoneId);
    expect(deliveries('leak.cleared').map((e) => e.data.id)).toEqual([cleared.id]);
    expect(deliveries('leak.suspected')).toHaveLength(1);

    // A later run raises nothing new: the leak is over.
    await runSchedule(new Date(morningAfter(NIGHTS - 1).getTime() + DAY));
    expect(await zoneAlerts()).toHaveLength(1);
  });

  it('takes leak rules scoped to a zone or to every zone, and refuses leak rules that name sensors and sensor rules that name zones', async () => {
    const everyZone = await created('/v1/alert-rules', { name: 'Leaks anywhere', condition: { type: 'leak' }, severity: 'minor' });
    expect(everyZone).toMatchObject({ zoneId: null, sensorId: null, siteId: null, kind: null, condition: { type: 'leak' }, openWorkOrder: false });
    const refused = async (body: unknown, path: string, status = 400) => {
      const res = await call('POST', '/v1/alert-rules', { token: manager, body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await refused({ name: 'x', zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', condition: { type: 'leak' }, severity: 'major' }, 'body.zoneId', 422);
    await refused({ name: 'x', sensorId: 'PH_001', condition: { type: 'leak' }, severity: 'major' }, 'body.condition');
    await refused({ name: 'x', sensorId: 'PH_001', zoneId, condition: { type: 'threshold', comparison: 'above', value: 1 }, severity: 'major' }, 'body.zoneId');
    const moved = await call('PATCH', `/v1/alert-rules/${everyZone.id}`, { token: manager, body: { condition: { type: 'threshold', comparison: 'above', value: 1 } } });
    expect(moved.status).toBe(400);
    expect((await call('DELETE', `/v1/alert-rules/${everyZone.id}`, { token: manager })).status).toBe(204);
  });

  it('draws the night line with the leak marked (night-flow.svg)', async () => {
    const from = encodeURIComponent(new Date(FIRST + 20 * DAY).toISOString());
    const to = encodeURIComponent(new Date(FIRST + NIGHTS * DAY).toISOString());
    const res = await call('GET', `/v1/zones/${zoneId}/night-flow.svg?from=${from}&to=${to}`, { token: manager });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = String(res.body);
    expect(svg).toContain('class="night-line"');
    expect(svg).toContain('class="threshold"');
    expect(svg).toMatch(/class="leak-event"[^>]*><title>leak cleared from /);
  });
});

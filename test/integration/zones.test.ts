/**
 * Zones (district metered areas) through the local stack: CRUD with ETags, client
 * isolation, the checks on a zone's sensors, and the night flow computed from readings
 * ingested through the API.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BLUE_RIVER_CLIENT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, uniqueSensorId, ZONE_BOUNDARY } from '../support/route-fixtures';

let admin: string;
let manager: string;
let technician: string;
let client: string;
let otherClient: string;

beforeAll(async () => {
  [admin, manager, technician, client, otherClient] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager), tokenFor(USERS.technician), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
});

async function created(path: string, body: unknown) {
  const res = await call('POST', path, { token: manager, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const newSite = (clientId: string = ACME) => created('/v1/sites', { name: 'Réservoir', address: '1 quai du Rhône, Lyon', location: { lat: 45.77, lon: 4.83 }, clientId });
const newSensor = (siteId: string, kind: string) => created('/v1/sensors', { id: uniqueSensorId(kind.toUpperCase()), kind, siteId });

const zoneBody = (siteId: string, meters: { sensorId: string; direction: 'in' | 'out' }[], extra: Record<string, unknown> = {}) => ({
  name: 'Secteur Croix-Rousse',
  siteId,
  boundary: ZONE_BOUNDARY,
  meters,
  serviceConnections: 800,
  mainsLengthKm: 12,
  timezone: 'UTC',
  ...extra,
});

describe('zones', () => {
  it('creates a zone with its defaults and its site\'s client, reads, lists, updates under If-Match and deletes it', async () => {
    const site = await newSite();
    const meter = await newSensor(site.id, 'flow');
    const res = await call('POST', '/v1/zones', { token: manager, body: zoneBody(site.id, [{ sensorId: meter.id, direction: 'in' }]) });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"v1"');
    expect(res.headers.get('location')).toBe(`/v1/zones/${res.body.id}`);
    const zone = res.body;
    expect(zone).toMatchObject({
      version: 1,
      siteId: site.id,
      clientId: ACME,
      pressureSensorIds: [],
      connectionsLengthKm: null,
      averagePressureM: null,
      nightWindow: { start: '02:00', end: '04:00' },
      legitimateNightUseLPerConnectionPerHour: 1.7,
    });

    for (const token of [technician, client]) expect((await call('GET', `/v1/zones/${zone.id}`, { token })).body).toEqual(zone);
    const listed = await call('GET', `/v1/zones?siteId=${site.id}`, { token: client });
    expect(listed.body.data.map((z: { id: string }) => z.id)).toEqual([zone.id]);

    const stale = await call('PATCH', `/v1/zones/${zone.id}`, { token: manager, body: { serviceConnections: 900 }, headers: { 'if-match': '"v7"' } });
    expect(stale.status).toBe(412);
    const updated = await call('PATCH', `/v1/zones/${zone.id}`, { token: manager, body: { serviceConnections: 900, averagePressureM: 42 }, headers: { 'if-match': '"v1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ version: 2, serviceConnections: 900, averagePressureM: 42, name: zone.name });
    const cleared = await call('PATCH', `/v1/zones/${zone.id}`, { token: manager, body: { averagePressureM: null } });
    expect(cleared.body).toMatchObject({ version: 3, averagePressureM: null });

    expect((await call('PATCH', `/v1/zones/${zone.id}`, { token: technician, body: { name: 'x' } })).status).toBe(403);
    expect((await call('DELETE', `/v1/zones/${zone.id}`, { token: manager, headers: { 'if-match': '"v1"' } })).status).toBe(412);
    expect((await call('DELETE', `/v1/zones/${zone.id}`, { token: manager, headers: { 'if-match': '"v3"' } })).status).toBe(204);
    expect((await call('GET', `/v1/zones/${zone.id}`, { token: manager })).status).toBe(404);
  });

  it('hides a zone from the client users of another client (404), in lists too', async () => {
    const site = await newSite();
    const meter = await newSensor(site.id, 'flow');
    const zone = await created('/v1/zones', zoneBody(site.id, [{ sensorId: meter.id, direction: 'in' }]));
    expect((await call('GET', `/v1/zones/${zone.id}`, { token: otherClient })).status).toBe(404);
    expect((await call('GET', `/v1/zones/${zone.id}/night-flow`, { token: otherClient })).status).toBe(404);
    const bySite = await call('GET', `/v1/zones?siteId=${site.id}`, { token: otherClient });
    expect(bySite.body.data).toEqual([]);
    let cursor: string | null = null;
    do {
      const page: any = await call('GET', `/v1/zones?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: otherClient });
      expect(page.status).toBe(200);
      expect(page.body.data.map((z: { id: string }) => z.id)).not.toContain(zone.id);
      for (const z of page.body.data) expect(z.clientId).toBe(BLUE_RIVER_CLIENT_ID);
      cursor = page.body.nextCursor;
    } while (cursor);
  });

  it('refuses meters and pressure sensors that do not exist, are of the wrong kind or of another client (422), and a missing site (400)', async () => {
    const site = await newSite();
    const flow = await newSensor(site.id, 'flow');
    const ph = await newSensor(site.id, 'ph');
    const foreignFlow = await newSensor((await newSite(BLUE_RIVER_CLIENT_ID)).id, 'flow');

    const unknown = await call('POST', '/v1/zones', { token: manager, body: zoneBody(site.id, [{ sensorId: 'NO_SUCH_METER_0', direction: 'in' }]) });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_SENSOR', errors: [{ path: 'body.meters.0.sensorId' }] });

    const wrongKind = await call('POST', '/v1/zones', { token: manager, body: zoneBody(site.id, [{ sensorId: ph.id, direction: 'in' }], { pressureSensorIds: [flow.id] }) });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.code).toBe('WRONG_SENSOR_KIND');
    expect(wrongKind.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.meters.0.sensorId', 'body.pressureSensorIds.0']);

    const foreign = await call('POST', '/v1/zones', { token: manager, body: zoneBody(site.id, [{ sensorId: flow.id, direction: 'in' }, { sensorId: foreignFlow.id, direction: 'out' }]) });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ code: 'SENSOR_OF_ANOTHER_CLIENT', errors: [{ path: 'body.meters.1.sensorId' }] });

    const noSite = await call('POST', '/v1/zones', { token: manager, body: zoneBody('01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', [{ sensorId: flow.id, direction: 'in' }]) });
    expect(noSite.status).toBe(400);
    expect(noSite.body.errors).toEqual([expect.objectContaining({ path: 'body.siteId' })]);

    const zone = await created('/v1/zones', zoneBody(site.id, [{ sensorId: flow.id, direction: 'in' }]));
    const patched = await call('PATCH', `/v1/zones/${zone.id}`, { token: manager, body: { meters: [{ sensorId: ph.id, direction: 'in' }] } });
    expect(patched.status).toBe(422);
    expect(patched.body.code).toBe('WRONG_SENSOR_KIND');
  });

  describe('night flow', () => {
    const HOUR = 3_600_000;
    const night = (date: string) => Date.parse(`${date}T00:00:00Z`);
    /** Four readings in the UTC hour starting at `hour` of `date`, whose mean is `mean`. */
    const hourOf = (sensorId: string, date: string, hour: number, values: number[]) =>
      values.map((value, i) => ({ sensorId, ts: night(date) + hour * HOUR + i * 15 * 60_000, value }));

    let zoneId: string;
    beforeAll(async () => {
      const site = await newSite();
      const inlet = await newSensor(site.id, 'flow');
      const outlet = await newSensor(site.id, 'flow');
      zoneId = (await created('/v1/zones', zoneBody(site.id, [{ sensorId: inlet.id, direction: 'in' }, { sensorId: outlet.id, direction: 'out' }]))).id;
      const readings = [
        // 2026-10-05: inlet 10 then 8.5 m³/h, outlet 1: minimum net inflow 7.5 in the 03:00 hour.
        ...hourOf(inlet.id, '2026-10-05', 2, [10, 10, 10, 10]),
        ...hourOf(inlet.id, '2026-10-05', 3, [8, 9, 8, 9]),
        // 2026-10-06: inlet 6 then 7: minimum 5 in the 02:00 hour.
        ...hourOf(inlet.id, '2026-10-06', 2, [5, 7, 6, 6]),
        ...hourOf(inlet.id, '2026-10-06', 3, [7, 7, 7, 7]),
        // 2026-10-07: the inlet reported in the 02:00 hour only (half the window).
        ...hourOf(inlet.id, '2026-10-07', 2, [9, 9, 9, 9]),
        ...['2026-10-05', '2026-10-06', '2026-10-07'].flatMap((d) => [...hourOf(outlet.id, d, 2, [1, 1, 1, 1]), ...hourOf(outlet.id, d, 3, [1, 1, 1, 1])]),
        // Outside the window: a low inlet flow at 05:00 that must not count.
        ...hourOf(inlet.id, '2026-10-05', 5, [0.5, 0.5, 0.5, 0.5]),
      ];
      const res = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
      expect(res.body).toEqual({ accepted: readings.length, rejected: [] });
    });

    it('answers one row per night: minimum night flow, legitimate use, leakage and its daily volume, completeness and status', async () => {
      const res = await call('GET', `/v1/zones/${zoneId}/night-flow?from=2026-10-05T00:00:00Z&to=2026-10-08T00:00:00Z`, { token: client });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ zoneId, timezone: 'UTC', from: '2026-10-05T00:00:00.000Z', to: '2026-10-08T00:00:00.000Z' });
      const [first, second, third] = res.body.nights;
      expect(res.body.nights.map((n: { night: string }) => n.night)).toEqual(['2026-10-05', '2026-10-06', '2026-10-07']);
      const legitimate = (800 * 1.7) / 1000;
      expect(first).toMatchObject({ windowStart: '2026-10-05T02:00:00.000Z', windowEnd: '2026-10-05T04:00:00.000Z', minimumAt: '2026-10-05T03:00:00.000Z', nightDayFactorBasis: 'assumed_24h', status: 'ok' });
      expect(first.minimumNightFlowM3h).toBeCloseTo(7.5, 9);
      expect(first.legitimateNightUseM3h).toBeCloseTo(legitimate, 9);
      expect(first.estimatedLeakageM3h).toBeCloseTo(7.5 - legitimate, 9);
      expect(first.estimatedLeakageM3PerDay).toBeCloseTo((7.5 - legitimate) * 24, 9);
      expect(first.meters).toEqual([expect.objectContaining({ completeness: 1 }), expect.objectContaining({ completeness: 1 })]);
      expect(second).toMatchObject({ minimumAt: '2026-10-06T02:00:00.000Z', status: 'ok' });
      expect(second.minimumNightFlowM3h).toBeCloseTo(5, 9);
      expect(second.estimatedLeakageM3h).toBeCloseTo(5 - legitimate, 9);
      expect(third).toMatchObject({ status: 'insufficient_data', minimumNightFlowM3h: null, estimatedLeakageM3h: null, estimatedLeakageM3PerDay: null });
      expect(third.meters.map((m: { completeness: number }) => m.completeness)).toEqual([0.5, 1]);
    });

    it('answers insufficient_data for nights without readings', async () => {
      const res = await call('GET', `/v1/zones/${zoneId}/night-flow?from=2026-09-01T00:00:00Z&to=2026-09-03T00:00:00Z`, { token: manager });
      expect(res.status).toBe(200);
      expect(res.body.nights).toHaveLength(2);
      for (const row of res.body.nights) expect(row).toMatchObject({ status: 'insufficient_data', minimumNightFlowM3h: null, meters: [expect.objectContaining({ completeness: 0 }), expect.objectContaining({ completeness: 0 })] });
    });

    it('refuses a range longer than 366 days or empty with 400 and a stable code', async () => {
      const long = await call('GET', `/v1/zones/${zoneId}/night-flow?from=2025-01-01T00:00:00Z&to=2026-10-08T00:00:00Z`, { token: manager });
      expect(long.status).toBe(400);
      expect(long.body.code).toBe('RANGE_TOO_LONG');
      const empty = await call('GET', `/v1/zones/${zoneId}/night-flow?from=2026-10-08T00:00:00Z&to=2026-10-05T00:00:00Z`, { token: manager });
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('INVALID_RANGE');
    });
  });
});

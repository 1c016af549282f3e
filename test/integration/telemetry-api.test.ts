/**
 * Sensors, batch ingest, queries and latest readings through the local stack (DynamoDB
 * telemetry store on DynamoDB Local), as a client calls them; the machine-client scopes
 * and the IoT rule's ingest function in process, with the stack's environment.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context, SQSEvent } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { ACME, fixtureSite, uniqueSensorId } from '../support/route-fixtures';

// The in-process handlers read their configuration at module load: the stack's environment first.
for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
afterAll(() => {
  vi.unstubAllEnvs();
});

const DEMO_TENANT = 'hydrant-demo';
const HOUR = 3_600_000;
const now = Date.now();
/** Whole minutes, so readings never collide with another test's by accident. */
const recent = (hoursAgo: number) => Math.floor((now - hoursAgo * HOUR) / 60_000) * 60_000;

let admin: string;
let manager: string;
let technician: string;
let client: string;
let otherClient: string;

const register = async (body: Record<string, unknown>, token = manager) => call('POST', '/v1/sensors', { token, body });
const ingest = async (readings: unknown[], token = admin) => call('POST', '/v1/telemetry', { token, body: { readings } });
const readings = async (sensorId: string, query: string, token = manager) => call('GET', `/v1/sensors/${sensorId}/readings?${query}`, { token });

let site: { id: string };
let ph: { id: string } & Record<string, any>;
let temperature: { id: string } & Record<string, any>;

beforeAll(async () => {
  [admin, manager, technician, client, otherClient] = (await Promise.all([USERS.admin, USERS.manager, USERS.technician, USERS.client, USERS.otherClient].map((u) => tokenFor(u)))) as [string, string, string, string, string];
  site = await fixtureSite();
  const a = await register({ id: uniqueSensorId('PH'), kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60 });
  const b = await register({ id: uniqueSensorId('TEMP'), kind: 'temperature', siteId: site.id });
  expect([a.status, b.status]).toEqual([201, 201]);
  ph = a.body;
  temperature = b.body;
});

describe('sensors', () => {
  it('answers the device credentials once, on registration, and never again', async () => {
    expect(ph).toMatchObject({ kind: 'ph', unit: 'pH', siteId: site.id, clientId: ACME, status: 'active', version: 1, lastReadingAt: null, assetId: null });
    expect(ph.mqtt).toMatchObject({ clientId: ph.id, topic: `hydrant/${ph.id}/telemetry`, url: expect.stringMatching(/^mqtts?:\/\//) });
    expect(ph.mqtt.certificatePem).toContain('BEGIN CERTIFICATE');
    expect(ph.mqtt.privateKey).toContain('PRIVATE KEY');
    expect(ph.mqtt.caCertificatePem).toContain('BEGIN CERTIFICATE');
    const got = await call('GET', `/v1/sensors/${ph.id}`, { token: manager });
    expect(got.status).toBe(200);
    expect(got.body.mqtt).toBeUndefined();
    expect(JSON.stringify(got.body)).not.toContain('PRIVATE KEY');
    expect(got.body.certificateId).toBeUndefined();
    const listed = await call('GET', `/v1/sensors?siteId=${site.id}`, { token: manager });
    expect(JSON.stringify(listed.body)).not.toContain('PRIVATE KEY');
    expect(listed.body.data.map((s: { id: string }) => s.id).sort()).toEqual([ph.id, temperature.id].sort());
  });

  it('refuses a code that is taken, a unit that is not the kind\'s, and a site or asset that does not exist', async () => {
    const taken = await register({ id: ph.id, kind: 'ph', siteId: (await fixtureSite()).id });
    expect([taken.status, taken.body.code]).toEqual([409, 'SENSOR_ID_TAKEN']);
    const unit = await register({ id: uniqueSensorId(), kind: 'chlorine', unit: 'pH', siteId: site.id });
    expect([unit.status, unit.body.errors?.[0]?.path]).toEqual([400, 'body.unit']);
    const noSite = await register({ id: uniqueSensorId(), kind: 'ph', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' });
    expect([noSite.status, noSite.body.errors?.[0]?.path]).toEqual([400, 'body.siteId']);
    const other = await fixtureSite();
    const asset = await call('POST', '/v1/assets', { token: manager, body: { name: 'Pump', type: 'pump', siteId: other.id, serialNumber: uniqueSensorId('SN') } });
    const wrongAsset = await register({ id: uniqueSensorId(), kind: 'ph', siteId: site.id, assetId: asset.body.id });
    expect([wrongAsset.status, wrongAsset.body.errors?.[0]?.path]).toEqual([400, 'body.assetId']);
    const rightAsset = await register({ id: uniqueSensorId(), kind: 'ph', siteId: other.id, assetId: asset.body.id });
    expect(rightAsset.status).toBe(201);
  });

  it('is a conflict too when the code is registered in another tenant', async () => {
    const { createSensor } = await import('#adapters/dynamodb/sensors-repository');
    const { newSensor } = await import('#domain/sensors');
    const sensor = newSensor({ id: ph.id, kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60, status: 'active' }, null, new Date().toISOString());
    await expect(createSensor('another-tenant', sensor)).rejects.toMatchObject({ status: 409, code: 'SENSOR_ID_TAKEN' });
  });

  it('lets managers update and delete with If-Match, and frees the code of a deleted sensor', async () => {
    const code = uniqueSensorId('DEL');
    const created = await register({ id: code, kind: 'level', siteId: site.id });
    const stale = await call('PATCH', `/v1/sensors/${code}`, { token: manager, body: { status: 'maintenance' }, headers: { 'if-match': '"999"' } });
    expect(stale.status).toBe(412);
    const patched = await call('PATCH', `/v1/sensors/${code}`, { token: manager, body: { status: 'maintenance', sampleIntervalSeconds: 600 }, headers: { 'if-match': created.headers.get('etag')! } });
    expect(patched.body).toMatchObject({ status: 'maintenance', sampleIntervalSeconds: 600, version: 2 });
    const deleted = await call('DELETE', `/v1/sensors/${code}`, { token: manager, headers: { 'if-match': patched.headers.get('etag')! } });
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/v1/sensors/${code}`, { token: manager })).status).toBe(404);
    expect((await register({ id: code, kind: 'level', siteId: site.id })).status).toBe(201);
  });

  it('moves a sensor to another site with that site\'s client', async () => {
    const code = uniqueSensorId('MOVE');
    await register({ id: code, kind: 'flow', siteId: site.id });
    const network = await call('POST', '/v1/sites', { token: manager, body: { name: `Network ${code}`, address: 'Lyon', location: { lat: 45.7, lon: 4.8 } } });
    const moved = await call('PATCH', `/v1/sensors/${code}`, { token: manager, body: { siteId: network.body.id } });
    expect(moved.body).toMatchObject({ siteId: network.body.id, clientId: null, version: 2 });
    expect((await call('GET', `/v1/sensors/${code}`, { token: client })).status).toBe(404);
  });

  it('is read by technicians, written by admins and managers only', async () => {
    expect((await call('GET', `/v1/sensors/${ph.id}`, { token: technician })).status).toBe(200);
    expect((await register({ id: uniqueSensorId(), kind: 'ph', siteId: site.id }, technician)).status).toBe(403);
    expect((await register({ id: uniqueSensorId(), kind: 'ph', siteId: site.id }, admin)).status).toBe(201);
  });
});

describe('POST /v1/telemetry', () => {
  const good = () => [
    { sensorId: ph.id, ts: new Date(recent(3)).toISOString(), value: 7.1 },
    { sensorId: ph.id, ts: recent(2), value: 7.3, quality: 'UNCERTAIN' },
    { sensorId: ph.id, ts: String(recent(1)), value: 7.2, unit: 'pH', metadata: { firmware: '1.4.2' } },
  ];
  const bad = () => [
    { sensorId: 'NOT_REGISTERED_ANYWHERE', ts: recent(1), value: 7 },
    { sensorId: ph.id, ts: recent(1.5), value: 15 },
    { sensorId: ph.id, ts: now + 24 * HOUR, value: 7 },
    { sensorId: ph.id, ts: recent(2), value: 7.3 },
  ];

  it('answers 202 with exactly the bad readings rejected, and stores a batch sent twice once', async () => {
    const batch = [...good(), ...bad()];
    const first = await ingest(batch);
    expect(first.status).toBe(202);
    expect(first.body.accepted).toBe(3);
    expect(first.body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [3, 'UNKNOWN_SENSOR'],
      [4, 'OUT_OF_RANGE'],
      [5, 'FUTURE_TIMESTAMP'],
      [6, 'DUPLICATE'],
    ]);
    const again = await ingest(batch);
    expect(again.body).toEqual(first.body);
    const raw = await readings(ph.id, `from=${recent(4)}&to=${now}`);
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ sensorId: ph.id, unit: 'pH', interval: 'raw', tz: 'UTC', nextCursor: null });
    expect(raw.body.points).toEqual([
      { ts: new Date(recent(3)).toISOString(), value: 7.1, count: 1, quality: 'GOOD' },
      { ts: new Date(recent(2)).toISOString(), value: 7.3, count: 1, quality: 'UNCERTAIN' },
      { ts: new Date(recent(1)).toISOString(), value: 7.2, count: 1, quality: 'GOOD' },
    ]);
  });

  it('moves lastReadingAt forward only, and answers the latest reading of a sensor and of its site', async () => {
    await ingest([{ sensorId: ph.id, ts: recent(30), value: 6.9 }]);
    const sensor = await call('GET', `/v1/sensors/${ph.id}`, { token: manager });
    expect(sensor.body.lastReadingAt).toBe(new Date(recent(1)).toISOString());
    const latest = await call('GET', `/v1/sensors/${ph.id}/latest`, { token: client });
    expect(latest.body).toEqual({ sensorId: ph.id, kind: 'ph', unit: 'pH', latest: { ts: new Date(recent(1)).toISOString(), value: 7.2, quality: 'GOOD' } });
    const ofSite = await call('GET', `/v1/sites/${site.id}/latest`, { token: technician });
    expect(ofSite.status).toBe(200);
    expect(ofSite.body.siteId).toBe(site.id);
    const bySensor = Object.fromEntries(ofSite.body.sensors.map((s: { sensorId: string }) => [s.sensorId, s]));
    expect(bySensor[ph.id].latest.value).toBe(7.2);
    expect(bySensor[temperature.id]).toMatchObject({ kind: 'temperature', unit: '°C' });
  });

  it('is refused to managers, technicians and client users', async () => {
    for (const token of [manager, technician, client]) expect((await ingest(good(), token)).status).toBe(403);
  });

  it('takes a bare JSON array of readings as {readings}, judged and refused the same way', async () => {
    const bare = (body: unknown, token = admin) => call('POST', '/v1/telemetry', { token, body });
    const readingsOf = [
      { sensorId: temperature.id, ts: recent(5), value: 12.5 },
      { sensorId: 'NOT_REGISTERED_ANYWHERE', ts: recent(5), value: 7 },
    ];
    const res = await bare(readingsOf);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, rejected: [expect.objectContaining({ index: 1, code: 'UNKNOWN_SENSOR' })] });
    expect((await ingest(readingsOf)).body).toEqual(res.body);
    const wrongType = [{ sensorId: ph.id, ts: recent(1), value: '7' }];
    const [asArray, asObject] = [await bare(wrongType), await ingest(wrongType)];
    expect([asArray.status, asArray.body.code, asArray.body.errors]).toEqual([400, 'VALIDATION_FAILED', asObject.body.errors]);
    expect(asArray.body.errors[0].path).toBe('body.readings.0.value');
    expect((await bare([])).status).toBe(400);
    expect((await bare(Array.from({ length: 1001 }, (_, i) => ({ sensorId: ph.id, ts: recent(40) + i * 1000, value: 7 })))).status).toBe(400);
    expect((await bare(readingsOf, manager)).status).toBe(403);
  });

  it('refuses more than 1000 readings and readings of the wrong type as a whole', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ sensorId: ph.id, ts: recent(40) + i * 1000, value: 7 }));
    expect((await ingest(many)).status).toBe(400);
    expect((await ingest([{ sensorId: ph.id, ts: recent(1), value: '7' }])).status).toBe(400);
  });
});

describe('queries', () => {
  // 30-minute readings over the local day of 2026-03-29 in Paris, which lasts 23 hours
  // (clocks jump from 02:00 to 03:00): 46 readings, values 0..45.
  const dayStart = Date.parse('2026-03-29T00:00:00+01:00');
  const dayEnd = Date.parse('2026-03-30T00:00:00+02:00');
  beforeAll(async () => {
    const batch = Array.from({ length: 46 }, (_, i) => ({ sensorId: temperature.id, ts: dayStart + i * 30 * 60_000, value: i }));
    const res = await ingest(batch);
    expect(res.body).toEqual({ accepted: 46, rejected: [] });
  });
  const range = `from=${encodeURIComponent('2026-03-29T00:00:00+01:00')}&to=${encodeURIComponent('2026-03-30T00:00:00+02:00')}`;

  it('aggregates hours on the local clock of Europe/Paris across the spring change', async () => {
    const res = await readings(temperature.id, `${range}&interval=1h&agg=avg&tz=Europe%2FParis`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ interval: '1h', agg: 'avg', tz: 'Europe/Paris', unit: '°C', nextCursor: null });
    expect(res.body.points).toHaveLength(23);
    expect(res.body.points.slice(0, 3)).toEqual([
      { ts: '2026-03-29T00:00:00.000+01:00', value: 0.5, count: 2 },
      { ts: '2026-03-29T01:00:00.000+01:00', value: 2.5, count: 2 },
      { ts: '2026-03-29T03:00:00.000+02:00', value: 4.5, count: 2 },
    ]);
    expect(dayEnd - dayStart).toBe(23 * HOUR);
  });

  it('aggregates the 23-hour day into one 1d bucket starting at local midnight', async () => {
    const count = await readings(temperature.id, `${range}&interval=1d&agg=count&tz=Europe%2FParis`);
    expect(count.body.points).toEqual([{ ts: '2026-03-29T00:00:00.000+01:00', value: 46, count: 46 }]);
    const max = await readings(temperature.id, `${range}&interval=1d&agg=max&tz=Europe%2FParis`);
    expect(max.body.points[0].value).toBe(45);
    const utc = await readings(temperature.id, `${range}&interval=1d&agg=count&tz=UTC`);
    expect(utc.body.points.map((p: { ts: string; count: number }) => [p.ts, p.count])).toEqual([
      ['2026-03-28T00:00:00.000Z', 2],
      ['2026-03-29T00:00:00.000Z', 44],
    ]);
  });

  it('pages raw readings with a cursor that keeps the range', async () => {
    const pages: number[][] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof readings>> = await readings(temperature.id, `${range}&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      pages.push(res.body.points.map((p: { value: number }) => p.value));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([20, 20, 6]);
    expect(pages.flat()).toEqual(Array.from({ length: 46 }, (_, i) => i));
  });

  it('fills empty buckets when asked', async () => {
    const res = await readings(temperature.id, `from=${encodeURIComponent('2026-03-29T21:00:00Z')}&to=${encodeURIComponent('2026-03-30T03:00:00Z')}&interval=1h&agg=last&fill=previous`);
    expect(res.body.points.map((p: { value: number | null; count: number }) => [p.value, p.count])).toEqual([
      [45, 2],
      [45, 0],
      [45, 0],
      [45, 0],
      [45, 0],
      [45, 0],
    ]);
  });

  it('refuses bad zones, intervals, ranges and cursors with 400', async () => {
    for (const q of ['tz=Europe%2FAtlantis', 'interval=2h', 'agg=median', `from=${now}&to=${now - 1000}`, 'cursor=garbage', 'quality=PERFECT', 'from=yesterday']) {
      const res = await readings(temperature.id, q);
      expect(res.status, q).toBe(400);
      expect(res.body.code, q).toMatch(/^(VALIDATION_FAILED|INVALID_CURSOR)$/);
    }
  });
});

describe('bad input (the query parameters and readings the shared fuzz test does not know)', () => {
  const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '0', '-1', '1e309', 'NaN', 'raw', '1mo', 'Europe/Paris', 'GOOD,BAD', 'linear', '2026-13-45T99:99:99Z', '%00', 'Etc/GMT+14'), fc.integer().map(String));
  const raw = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${apiUrl()}${path}`, {
      method,
      headers: { 'x-api-key': 'hydrant-local-demo-key-0001', authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
  };

  it('never answers a readings query with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('from', 'to', 'interval', 'agg', 'tz', 'quality', 'fill', 'limit', 'cursor'), junk), async (q) => {
        const res = await raw('GET', `/v1/sensors/${temperature.id}/readings?${new URLSearchParams(q)}`);
        expect(res.status, `${JSON.stringify(q)} -> ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.type).toContain('application/problem+json');
      }),
      { numRuns: 40 },
    );
  });

  it('judges junk readings one by one, never with a 5xx', async () => {
    const reading = fc.record(
      { sensorId: fc.oneof(fc.constant(ph.id), fc.string({ maxLength: 70 })), ts: fc.oneof(fc.integer(), fc.string({ maxLength: 30 }), fc.constant(recent(50))), value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), quality: fc.string({ maxLength: 10 }), metadata: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })) },
      { requiredKeys: ['sensorId', 'ts', 'value'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(reading, { minLength: 1, maxLength: 20 }), async (readings) => {
        const res = await raw('POST', '/v1/telemetry', JSON.stringify({ readings }));
        expect(res.status, res.text).toBeLessThan(500);
        if (res.status === 202) {
          const body = JSON.parse(res.text) as { accepted: number; rejected: unknown[] };
          expect(body.accepted + body.rejected.length).toBe(readings.length);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('alerts for HTTP ingest', () => {
  it('sends accepted readings to telemetry-events, where the alert evaluator sees them', async () => {
    const code = uniqueSensorId('ALERT');
    expect((await register({ id: code, kind: 'chlorine', siteId: site.id })).status).toBe(201);
    const rule = await call('POST', '/v1/alert-rules', {
      token: manager,
      body: { name: `High chlorine ${code}`, sensorId: code, condition: { type: 'threshold', comparison: 'above', value: 4, deadband: 0.2 }, severity: 'major' },
    });
    expect(rule.status).toBe(201);
    const sent = await ingest([{ sensorId: code, ts: recent(0.01), value: 5.5 }]);
    expect(sent.body).toEqual({ accepted: 1, rejected: [] });
    let alerts: Array<{ sensorId: string; status: string }> = [];
    for (let i = 0; i < 100 && alerts.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      alerts = (await call('GET', `/v1/alerts?sensorId=${code}`, { token: manager })).body.data ?? [];
    }
    expect(alerts).toEqual([expect.objectContaining({ sensorId: code, status: 'active' })]);
  });
});

describe('client confinement', () => {
  it('shows a client user its client\'s sensors and hides them from another client', async () => {
    expect((await call('GET', `/v1/sensors/${ph.id}`, { token: client })).status).toBe(200);
    expect((await readings(ph.id, 'interval=1h', client)).status).toBe(200);
    for (const path of [`/v1/sensors/${ph.id}`, `/v1/sensors/${ph.id}/readings`, `/v1/sensors/${ph.id}/latest`, `/v1/sites/${site.id}/latest`]) {
      const res = await call('GET', path, { token: otherClient });
      expect([res.status, res.body.code], path).toEqual([404, 'NOT_FOUND']);
    }
    const mine = await call('GET', `/v1/sensors?siteId=${site.id}`, { token: client });
    expect(mine.body.data.map((s: { id: string }) => s.id)).toContain(ph.id);
    const theirs = await call('GET', `/v1/sensors?siteId=${site.id}`, { token: otherClient });
    expect(theirs.body.data).toEqual([]);
    const all = await call('GET', '/v1/sensors?limit=100', { token: otherClient });
    expect(all.body.data.every((s: { clientId: string }) => s.clientId !== ACME)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

const baseEvent = JSON.parse(readFileSync(new URL('../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8')) as APIGatewayProxyEvent;
const context = { awsRequestId: 'telemetry-test', functionName: 'hydrant-test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function machineEvent(scope: string, init: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  const claims = { sub: 'machine-gateway-1', client_id: 'machine-gateway-1', token_use: 'access', scope, 'custom:tenantId': DEMO_TENANT };
  return { ...structuredClone(baseEvent), ...init, requestContext: { ...baseEvent.requestContext, authorizer: { claims } } } as APIGatewayProxyEvent;
}

describe('machine clients', () => {
  it('ingest with the telemetry.write scope and read with telemetry.read, not the other way round', async () => {
    const { handler: ingestHandler } = await import('../../functions/http/telemetry/ingest');
    const { handler: readingsHandler } = await import('../../functions/http/telemetry/readings');
    const post = (scope: string) =>
      ingestHandler(
        machineEvent(scope, {
          httpMethod: 'POST',
          resource: '/v1/telemetry',
          path: '/v1/telemetry',
          pathParameters: null,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ readings: [{ sensorId: ph.id, ts: recent(5), value: 7.05 }] }),
        }),
        context,
      ) as Promise<APIGatewayProxyResult>;
    const written = await post('hydrant/telemetry.write');
    expect([written.statusCode, JSON.parse(written.body)]).toEqual([202, { accepted: 1, rejected: [] }]);
    expect((await post('hydrant/telemetry.read')).statusCode).toBe(403);

    const get = (scope: string) =>
      readingsHandler(
        machineEvent(scope, { httpMethod: 'GET', resource: '/v1/sensors/{id}/readings', path: `/v1/sensors/${ph.id}/readings`, pathParameters: { id: ph.id }, queryStringParameters: { from: String(recent(6)) } }),
        context,
      ) as Promise<APIGatewayProxyResult>;
    const read = await get('hydrant/telemetry.read');
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body).points.map((p: { value: number }) => p.value)).toContain(7.05);
    expect((await get('hydrant/telemetry.write')).statusCode).toBe(403);
  });
});

describe('the telemetry-ingest queue worker (device messages)', () => {
  const sqsEvent = (...bodies: unknown[]) => ({ Records: bodies.map((body, i) => ({ messageId: `m${i}`, body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' } })) }) as unknown as SQSEvent;

  it('stores a single reading and a batch from a device, finding the tenant from the sensor id', async () => {
    const { ingestDeviceMessages } = await import('#application/telemetry/ingest-device-messages');
    const { outcomes, failed } = await ingestDeviceMessages([
      { id: 'single', body: { sensorId: ph.id, receivedAt: now, ts: new Date(recent(7)).toISOString(), value: 7.4 } },
      {
        id: 'batch',
        body: {
          sensorId: ph.id,
          receivedAt: now,
          readings: [
            { ts: recent(8), value: 7.5, quality: 'BAD' },
            { ts: recent(8), value: 7.5 },
            { ts: recent(9), value: 14.5 },
            { ts: 'not a time', value: 7 },
          ],
        },
      },
    ]);
    expect(failed).toEqual([]);
    expect(outcomes.get('single')).toEqual({ sensorId: ph.id, accepted: 1, rejected: [] });
    const batch = outcomes.get('batch')!;
    expect(batch).toMatchObject({ sensorId: ph.id, accepted: 1 });
    expect(batch.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'DUPLICATE'],
      [2, 'OUT_OF_RANGE'],
      [3, 'INVALID_READING'],
    ]);
    const raw = await readings(ph.id, `from=${recent(10)}&to=${recent(6)}`);
    expect(raw.body.points.map((p: { value: number; quality: string }) => [p.value, p.quality])).toEqual([
      [7.5, 'BAD'],
      [7.4, 'GOOD'],
    ]);
  });

  it('reports no failure for readings of an unknown device (a retry could not fix them), and stores nothing of them', async () => {
    const { handler } = await import('#workers/ingest-telemetry');
    const out = await handler(sqsEvent({ sensorId: 'NO_SUCH_DEVICE_42', receivedAt: now, readings: [{ ts: now, value: 1 }, { ts: now, value: 2 }] }), context);
    expect(out).toEqual({ batchItemFailures: [] });
  });
});


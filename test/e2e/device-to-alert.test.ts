/**
 * The telemetry issue's whole path, as a device and its operators live it, through the
 * local stack: a sensor registered over the API gets its device credentials; the device
 * publishes over MQTT (mutual TLS) with them; the IoT rules store the readings and send them
 * to `telemetry-events`; they are queried raw and aggregated; a burst over the threshold
 * raises one alert (the alert evaluator on the queue), which a manager acknowledges; and a
 * device publishing to this device's topic is cut off without storing anything.
 */
import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, tokenFor, USERS } from '../support/api';
import type * as z from 'zod';
import type { MqttCredentials as MqttCredentialsSchema } from '#lib/model/schemas/sensors';
import { eventually } from '../support/eventually';

type DeviceCredentials = z.infer<typeof MqttCredentialsSchema>;

const clients: MqttClient[] = [];
let admin: string;
let manager: string;
let siteId: string;

beforeAll(async () => {
  [admin, manager] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager)]);
  siteId = (await call('GET', '/v1/sites', { token: admin })).body.data[0].id;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
});

async function register(kind: string, unit: string): Promise<{ id: string; mqtt: DeviceCredentials }> {
  const id = `E2E_${kind.toUpperCase()}_${randomBytes(4).toString('hex').toUpperCase()}`;
  const res = await call('POST', '/v1/sensors', { token: admin, body: { id, kind, unit, siteId, sampleIntervalSeconds: 60 } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id, mqtt: res.body.mqtt };
}

async function connectDevice(mqtt: DeviceCredentials): Promise<MqttClient> {
  const client = await connect(mqtt.url, {
    clientId: mqtt.clientId,
    cert: mqtt.certificatePem,
    key: mqtt.privateKey,
    ca: mqtt.caCertificatePem,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    if (client.connected) return resolve();
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

describe('a device, its readings and its alert', () => {
  it('publishes over MQTT with the credentials registration returned; readings are queryable raw and aggregated; a burst raises one alert a manager acknowledges', async () => {
    const { id, mqtt } = await register('ph', 'pH');
    const rule = await call('POST', '/v1/alert-rules', {
      token: manager,
      body: { name: `pH high ${id}`, severity: 'major', sensorId: id, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 } },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    // 30 one-minute readings around 7.2, then a burst of 3 at 9.1, ending a minute ago.
    const end = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const readings = Array.from({ length: 33 }, (_, i) => ({
      ts: new Date(end - (32 - i) * 60_000).toISOString(),
      value: i < 30 ? 7 + (i % 5) / 10 : 9.1,
    }));
    const device = await connectDevice(mqtt);
    await device.publishAsync(mqtt.topic, JSON.stringify({ readings: readings.slice(0, 30) }), { qos: 1 });
    for (const reading of readings.slice(30)) await device.publishAsync(mqtt.topic, JSON.stringify(reading), { qos: 1 });

    const from = new Date(end - 40 * 60_000).toISOString();
    const to = new Date(end + 60_000).toISOString();
    const raw = await eventually(
      () => call('GET', `/v1/sensors/${id}/readings?from=${from}&to=${to}&interval=raw&limit=100`, { token: manager }),
      (res) => res.body.points?.length === 33,
    );
    expect(raw.status).toBe(200);
    expect(raw.body.points.map((p: { value: number }) => p.value)).toEqual(readings.map((r) => r.value));

    const hourly = await call('GET', `/v1/sensors/${id}/readings?from=${from}&to=${to}&interval=15m&agg=max&tz=Europe/Paris`, { token: manager });
    expect(hourly.status, JSON.stringify(hourly.body)).toBe(200);
    expect(hourly.body).toMatchObject({ sensorId: id, unit: 'pH', interval: '15m', agg: 'max', tz: 'Europe/Paris' });
    const points = hourly.body.points as { ts: string; value: number; count: number }[];
    expect(points.reduce((n, p) => n + p.count, 0)).toBe(33);
    expect(Math.max(...points.map((p) => p.value))).toBe(9.1);
    expect(points.at(-1)!.value).toBe(9.1);

    // The demo site's own pH rule raises too: look at this rule's alerts.
    const ofRule = (res: { body: { data?: { ruleId: string }[] } }) => (res.body.data ?? []).filter((a) => a.ruleId === rule.body.id);
    const alerts = await eventually(() => call('GET', `/v1/alerts?sensorId=${id}`, { token: manager }), (res) => ofRule(res).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    const again = await call('GET', `/v1/alerts?sensorId=${id}`, { token: manager });
    expect(ofRule(again)).toHaveLength(1);
    const [alert] = ofRule(alerts) as any[];
    expect(alert).toMatchObject({ status: 'active', sensorId: id, ruleId: rule.body.id, severity: 'major' });

    const ack = await call('POST', `/v1/alerts/${alert.id}/acknowledge`, { token: manager });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: { subject: expect.any(String) } });
    expect(Date.parse(ack.body.acknowledgedAt)).toBeGreaterThanOrEqual(Date.parse(alert.raisedAt));
    const read = await call('GET', `/v1/alerts/${alert.id}`, { token: manager });
    expect(read.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: ack.body.acknowledgedAt });
  });

  it('cuts off a device that publishes to another device’s topic, and stores nothing for that device', async () => {
    const victim = await register('pressure', 'bar');
    const intruder = await register('pressure', 'bar');
    const client = await connectDevice(intruder.mqtt);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(victim.mqtt.topic, JSON.stringify({ ts: Date.now() - 1000, value: 4.2 }), { qos: 0 });
    await closed;

    // The victim's own reading, published after, is the only one stored.
    const own = await connectDevice(victim.mqtt);
    await own.publishAsync(victim.mqtt.topic, JSON.stringify({ ts: Date.now() - 500, value: 3.3 }), { qos: 1 });
    const range = `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
    const stored = await eventually(
      () => call('GET', `/v1/sensors/${victim.id}/readings?${range}&interval=raw`, { token: manager }),
      (res) => res.body.points?.length >= 1,
    );
    expect(stored.body.points.map((p: { value: number }) => p.value)).toEqual([3.3]);
  });
});

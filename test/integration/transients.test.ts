/**
 * Pressure transients through the local stack: a high-rate burst of a pressure sensor of
 * a zone is scanned (drop, rebound, amplitude, duration, time), and a transient over the
 * zone's limit (or the default rule's) raises one `pressure.transient` alert on the
 * sensor, with its `pressure.transient` event; repeats are grouped under it, and a burst
 * without a transient over the limit clears it.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { itemsWhere } from '../support/alerts';
import { leakZone } from '../support/leak-network';
import { fixtureSite, uniqueSensorId } from '../support/route-fixtures';

let manager: string;
let technician: string;

beforeAll(async () => {
  Object.assign(process.env, inject('stackEnv'));
  [manager, technician] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician)]);
});

const RATE = 100;
/** 10 s at 100 Hz around 4.5 bar; from 3 s, a pump trip: a drop of `dropBar`, a surge past the start, ringing back in a second. */
function burst(dropBar: number, startAt = new Date(Date.now() - 120_000)) {
  const values = Array.from({ length: 10 * RATE }, (_, i) => {
    const t = i / RATE - 3;
    const wobble = 0.004 * Math.sin(i * 1.7);
    if (t < 0 || t > 1.2) return 4.5 + wobble;
    return 4.5 - dropBar * Math.exp(-2.5 * t) * Math.cos(2 * Math.PI * 2 * t) + wobble;
  });
  return { startAt: startAt.toISOString(), sampleRateHz: RATE, values };
}

const scan = (sensorId: string, body: unknown, token = technician) => call('POST', `/v1/sensors/${sensorId}/transients`, { token, body });

async function alertsOf(sensorId: string) {
  const res = await call('GET', `/v1/alerts?sensorId=${sensorId}&limit=100`, { token: manager });
  expect(res.status).toBe(200);
  return res.body.data as Array<Record<string, any>>;
}

/** The outbox events of `type` about the alert. */
const outboxEvents = async (type: string, alertId: string) => (await itemsWhere(`T#${DEMO_TENANT_ID}#OUTBOX`, 'type', type)).filter((e) => e.data?.alertId === alertId);

describe('scanning a burst', () => {
  it('answers each transient: a drop of 2.5 bar is about 25 m, with its rebound, duration and time', async () => {
    const network = await leakZone({ transientLimitM: 15 });
    const startAt = new Date(Date.now() - 120_000);
    const res = await scan(network.pressureSensorId, burst(2.5, startAt));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ sensorId: network.pressureSensorId, zoneId: network.zoneId, limitM: 15, limitSource: 'zone' });
    expect(res.body.events).toHaveLength(1);
    const [event] = res.body.events;
    expect(event.kind).toBe('drop');
    expect(Math.abs(Date.parse(event.at) - (startAt.getTime() + 3000))).toBeLessThanOrEqual(50);
    expect(event.dropM).toBeGreaterThan(24);
    expect(event.dropM).toBeLessThan(27);
    expect(event.reboundM).toBeGreaterThan(5);
    expect(event.amplitudeM).toBeGreaterThan(event.dropM);
    expect(event.durationS).toBeGreaterThan(0.3);
    expect(event.durationS).toBeLessThan(2);
    expect(event.overLimit).toBe(true);
  });
});

describe('the pressure.transient alert', () => {
  it('raises one alert over the zone limit, groups a repeat under it, clears on a calm burst; the event goes out with it', async () => {
    const network = await leakZone({ transientLimitM: 15 });
    const sensorId = network.pressureSensorId;
    const first = await scan(sensorId, burst(2.5));
    expect(first.body.alert).toMatchObject({ status: 'raised' });
    const alert = (await alertsOf(sensorId))[0]!;
    expect(alert).toMatchObject({ id: first.body.alert.id, status: 'active', conditionType: 'transient', kind: 'pressure', sensorId });
    expect(alert.raisedBy.value).toBeCloseTo(first.body.events[0].amplitudeM, 2);
    expect(await outboxEvents('pressure.transient', alert.id)).toHaveLength(1);

    const repeat = await scan(sensorId, burst(2.0));
    expect(repeat.body.alert).toEqual({ id: alert.id, status: 'already_open' });
    expect(await alertsOf(sensorId)).toHaveLength(1);

    const calm = await scan(sensorId, burst(0.5));
    expect(calm.body.events.every((e: any) => !e.overLimit)).toBe(true);
    expect(calm.body.alert).toEqual({ id: alert.id, status: 'cleared' });
    expect((await alertsOf(sensorId)).map((a) => a.status)).toEqual(['cleared']);
  });

  it('without a zone limit the default rule\'s 20 m applies: a 1 bar drop (16 m peak to trough) raises nothing, a 3 bar one does', async () => {
    const network = await leakZone();
    const small = await scan(network.pressureSensorId, burst(1));
    expect(small.body).toMatchObject({ limitM: 20, limitSource: 'rule', alert: null });
    expect(small.body.events[0].amplitudeM).toBeGreaterThan(14);
    expect(small.body.events[0].overLimit).toBe(false);
    expect(await alertsOf(network.pressureSensorId)).toHaveLength(0);
    const large = await scan(network.pressureSensorId, burst(3));
    expect(large.body.alert.status).toBe('raised');
  });

  it('a sensor of no zone uses the rule limit too; values may come in metres', async () => {
    const site = await fixtureSite();
    const sensor = await call('POST', '/v1/sensors', { token: manager, body: { id: uniqueSensorId('PRES'), kind: 'pressure', siteId: site.id } });
    const inMetres = { ...burst(2.5), unit: 'm', values: burst(2.5).values.map((v) => v * 10.2) };
    const res = await scan(sensor.body.id, inMetres);
    expect(res.body).toMatchObject({ zoneId: null, limitM: 20 });
    expect(res.body.events[0].dropM).toBeGreaterThan(24);
  });
});

describe('what is refused', () => {
  it('a sensor that is not a pressure sensor (422), an unknown one (404), a burst too long or too short (400)', async () => {
    const network = await leakZone();
    const wrong = await scan(network.loggers[0], burst(2));
    expect([wrong.status, wrong.body.code]).toEqual([422, 'WRONG_SENSOR_KIND']);
    expect((await scan(uniqueSensorId('NONE'), burst(2))).status).toBe(404);
    expect((await scan(network.pressureSensorId, { ...burst(2), values: new Array(60_001).fill(4.5) })).status).toBe(400);
    expect((await scan(network.pressureSensorId, { ...burst(2), values: [4.5, 4.5] })).status).toBe(400);
    expect((await scan(network.pressureSensorId, burst(2), await tokenFor(USERS.client))).status).toBe(403);
  });
});

/**
 * The default alert rules of a fresh stack: every tenant starts with rules per sensor
 * kind (acoustic noise, chlorine, turbidity, pH, pressure), so the simulator's leak noise
 * and a quality spike, posted to /v1/telemetry from sensors on a new site that no one
 * wrote a rule for, raise alerts; tenants tune and disable them through the alert-rules
 * routes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '#domain/alerts/default-rules';
import { seededRandom } from '#domain/leaks/robust';
import { readingOf } from '#lib/local/simulator/signals';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureSite, uniqueSensorId } from '../support/route-fixtures';

let manager: string;
let admin: string;

beforeAll(async () => {
  [manager, admin] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.admin)]);
});

async function defaultRules(): Promise<Array<Record<string, any>>> {
  const rules: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const res: any = await call('GET', `/v1/alert-rules?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: manager });
    expect(res.status).toBe(200);
    rules.push(...res.body.data);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rules.filter((r) => r.default);
}

async function sensorOn(siteId: string, kind: string): Promise<string> {
  const res = await call('POST', '/v1/sensors', { token: manager, body: { id: uniqueSensorId(kind.toUpperCase()), kind, siteId } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Readings of the simulator's own signal for `kind`: `normal` quiet ones, then `anomalous` ones during its anomaly. */
function simulated(sensorId: string, kind: 'acoustic' | 'turbidity', normal: number, anomalous: number) {
  const random = seededRandom(sensorId.length * 97 + normal);
  const start = Date.now() - 10 * 60_000;
  return Array.from({ length: normal + anomalous }, (_, i) => {
    const at = new Date(start + i * 10_000);
    const { value } = readingOf(kind, at, random, i >= normal);
    return { sensorId, ts: at.toISOString(), value };
  });
}

async function alertsOf(sensorId: string): Promise<Array<Record<string, any>>> {
  const res = await call('GET', `/v1/alerts?sensorId=${sensorId}&limit=100`, { token: manager });
  expect(res.status).toBe(200);
  return res.body.data;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('default rules of a fresh stack', () => {
  it('are ordinary rules marked default, tenant-wide on each kind', async () => {
    const rules = await defaultRules();
    expect(rules.map((r) => r.name).sort()).toEqual(DEFAULT_ALERT_RULES.map((r) => r.name).sort());
    for (const rule of rules) expect(rule).toMatchObject({ default: true, sensorId: null, siteId: null });
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['acoustic', 'chlorine', 'turbidity', 'ph', 'pressure']));
  });

  it("the simulator's leak noise and turbidity spike raise alerts from the default rules, with no rule written", async () => {
    const site = await fixtureSite();
    const [noise, turbidity] = [await sensorOn(site.id, 'acoustic'), await sensorOn(site.id, 'turbidity')];
    const readings = [...simulated(noise, 'acoustic', 20, 3), ...simulated(turbidity, 'turbidity', 20, 3)];
    const posted = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
    expect(posted.status, JSON.stringify(posted.body)).toBe(202);

    const defaults = new Map((await defaultRules()).map((r) => [r.id, r]));
    for (const [sensorId, kind] of [
      [noise, 'acoustic'],
      [turbidity, 'turbidity'],
    ] as const) {
      const alerts = await waitFor(() => alertsOf(sensorId), (a) => a.length > 0);
      expect(alerts.length, `${kind} alerts`).toBeGreaterThan(0);
      for (const alert of alerts) {
        expect(defaults.get(alert.ruleId), `${kind}: raised by a default rule`).toMatchObject({ default: true, kind });
        expect(alert).toMatchObject({ kind, siteId: site.id });
      }
      // The threshold rules hold while the anomaly lasts (a step rule may clear as its window takes the new level in).
      expect(alerts.find((a) => a.conditionType === 'threshold'), `${kind}: level alert`).toMatchObject({ status: 'active' });
    }
    const level = (await alertsOf(noise)).find((a) => a.conditionType === 'threshold');
    expect(level?.ruleName).toBe('Leak noise: night noise level above 50 dB');
  });

  it('quiet readings raise nothing, and a tenant tunes or disables a default rule through the alert-rules routes', async () => {
    const site = await fixtureSite();
    const quiet = await sensorOn(site.id, 'turbidity');
    expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings: simulated(quiet, 'turbidity', 15, 0) } })).status).toBe(202);

    const rule = (await defaultRules()).find((r) => r.kind === 'turbidity')!;
    const tuned = await call('PATCH', `/v1/alert-rules/${rule.id}`, { token: manager, body: { condition: { ...rule.condition, value: 5 } } });
    expect(tuned.status, JSON.stringify(tuned.body)).toBe(200);
    expect(tuned.body).toMatchObject({ default: true, condition: { value: 5 }, version: rule.version + 1 });
    try {
      // 3.5 NTU spikes stay under the tuned 5 NTU.
      const spiky = await sensorOn(site.id, 'turbidity');
      const spikes = simulated(spiky, 'turbidity', 5, 3).map((r, i) => (i >= 5 ? { ...r, value: Math.min(r.value, 4.5) } : r));
      expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings: spikes } })).status).toBe(202);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await alertsOf(spiky)).toEqual([]);
      expect(await alertsOf(quiet)).toEqual([]);
    } finally {
      const restored = await call('PATCH', `/v1/alert-rules/${rule.id}`, { token: manager, body: { condition: rule.condition } });
      expect(restored.status).toBe(200);
    }
  });
});

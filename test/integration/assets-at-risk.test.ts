/**
 * Assets at risk through the local stack (demo tenant, which has no trained asset-failure
 * model: the default model answers and says so): assets created over HTTP on an Acme site
 * and a Blue River site, corrective and preventive work orders on them over HTTP; the
 * ranking's order, each explanation summing to the probability minus the baseline, the
 * horizon's effect, and each client user seeing only its client's assets. Then, in a tenant
 * of its own, a simulated fleet's three years of work orders (written through the
 * repository, back-dated), a training asked over HTTP and run by the model-training worker
 * from its queue, and the ranking answered by the trained version.
 */
import { ulid } from 'ulid';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ACME_CLIENT_ID, BLUE_RIVER_CLIENT_ID } from '#lib/local/bootstrap/demo-data';
import { simulateFleet } from '#lib/local/simulator/fleet';
import { call, tokenFor, USERS } from '../support/api';
import { createUser } from '../support/identity';
import { fixtureWorkOrder } from '../support/work-orders';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;
let manager: string;
let acmeSite: string;
let blueSite: string;
const ids: Record<string, string> = {};

async function created(path: string, body: unknown): Promise<Record<string, any>> {
  const res = await call('POST', path, { token: manager, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const asset = (siteId: string, type: string, installedAt: string) => created('/v1/assets', { name: unique(type), type, siteId, serialNumber: unique('SN'), installedAt });

async function atRisk(token: string, query: string) {
  const res = await call('GET', `/v1/assets/at-risk?${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  manager = await tokenFor(USERS.manager);
  acmeSite = (await created('/v1/sites', { name: unique('Acme site'), address: '1 place Bellecour, Lyon', location: { lat: 45.75, lon: 4.83 }, clientId: ACME_CLIENT_ID })).id;
  blueSite = (await created('/v1/sites', { name: unique('Blue site'), address: '4 chemin du Rhône, Villeurbanne', location: { lat: 45.77, lon: 4.89 }, clientId: BLUE_RIVER_CLIENT_ID })).id;
  ids.oldPump = (await asset(acmeSite, 'pump', '1996-03-01T00:00:00Z')).id;
  ids.youngPump = (await asset(acmeSite, 'pump', '2025-03-01T00:00:00Z')).id;
  ids.repairedValve = (await asset(acmeSite, 'valve', '2012-03-01T00:00:00Z')).id;
  ids.quietValve = (await asset(acmeSite, 'valve', '2012-03-01T00:00:00Z')).id;
  ids.hydrant = (await asset(acmeSite, 'hydrant', '2020-03-01T00:00:00Z')).id;
  ids.bluePump = (await asset(blueSite, 'pump', '1990-03-01T00:00:00Z')).id;
  // Two faults on the repaired valve, opened now: a fault that just happened often comes back.
  for (let i = 0; i < 2; i++) await fixtureWorkOrder(acmeSite, { assetId: ids.repairedValve });
});

describe('GET /v1/assets/at-risk', () => {
  it('ranks the site\'s assets by probability, the default model saying so, each explanation summing to the probability minus the baseline', async () => {
    const body = await atRisk(manager, `siteId=${acmeSite}&horizonDays=30&limit=100`);
    expect(body).toMatchObject({ modelName: 'asset_failure_predictor', modelKind: 'default', modelVersion: 'default-1', horizonDays: 30, assetsRanked: 5, note: expect.stringContaining('Default model') });
    const order = body.data.map((r: any) => r.asset.id);
    expect(new Set(order)).toEqual(new Set([ids.oldPump, ids.youngPump, ids.repairedValve, ids.quietValve, ids.hydrant]));
    const probabilities = body.data.map((r: any) => r.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    // Age raises the risk of the same type; a fresh corrective history raises it over the same valve without one.
    expect(order.indexOf(ids.oldPump)).toBeLessThan(order.indexOf(ids.youngPump));
    expect(order.indexOf(ids.repairedValve)).toBeLessThan(order.indexOf(ids.quietValve));
    for (const row of body.data) {
      const sum = row.explanation.contributions.reduce((s: number, c: any) => s + c.contribution, 0);
      expect(Math.abs(sum - (row.probability - row.explanation.baseline))).toBeLessThan(2e-6);
      expect(row.modelVersion).toBe('default-1');
      expect(row.explanation.sentence).toMatch(/^The probability of a corrective work order within 30 days is/);
    }
    const valve = body.data.find((r: any) => r.asset.id === ids.repairedValve);
    expect(valve.explanation.contributions.find((c: any) => c.feature === 'correctiveLast365')).toMatchObject({ value: 2 });
    expect(valve.explanation.contributions[0].feature).toBe('daysSinceCorrective');
    // Unknown telemetry is imputed and explains nothing.
    expect(valve.explanation.contributions.find((c: any) => c.feature === 'pressureBar')).toMatchObject({ value: null, contribution: 0 });
  });

  it('looks further with a longer horizon, keeps the order, and returns the top N', async () => {
    const [short, long] = await Promise.all([atRisk(manager, `siteId=${acmeSite}&horizonDays=7&limit=100`), atRisk(manager, `siteId=${acmeSite}&horizonDays=365&limit=100`)]);
    expect(long.data.map((r: any) => r.asset.id)).toEqual(short.data.map((r: any) => r.asset.id));
    short.data.forEach((r: any, i: number) => expect(long.data[i].probability).toBeGreaterThan(r.probability));
    const top = await atRisk(manager, `siteId=${acmeSite}&limit=2`);
    expect(top.data.map((r: any) => r.asset.id)).toEqual(short.data.slice(0, 2).map((r: any) => r.asset.id));
    expect(top.horizonDays).toBe(30);
    expect((await call('GET', `/v1/assets/at-risk?horizonDays=366`, { token: manager })).status).toBe(400);
  });

  it("shows a client user only its client's assets", async () => {
    const [acme, blue] = await Promise.all([tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
    const acmeAll = await atRisk(acme, 'limit=100');
    expect(acmeAll.data.length).toBeGreaterThan(0);
    expect(acmeAll.data.filter((r: any) => r.asset.siteId === blueSite)).toEqual([]);
    expect((await atRisk(acme, `siteId=${acmeSite}&limit=100`)).data).toHaveLength(5);
    expect((await atRisk(acme, `siteId=${blueSite}`)).data).toEqual([]);
    expect((await atRisk(blue, `siteId=${acmeSite}`)).data).toEqual([]);
    expect((await atRisk(blue, `siteId=${blueSite}`)).data.map((r: any) => r.asset.id)).toEqual([ids.bluePump]);
  });
});

describe('a tenant with three years of work orders', () => {
  const tenant = `at-risk-${process.pid}-${Date.now()}`;
  const DAY = 86_400_000;
  let admin: string;
  let siteId: string;

  beforeAll(async () => {
    admin = await tokenFor(await createUser('admin', tenant));
    const post = async (path: string, body: unknown) => {
      const res = await call('POST', path, { token: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };
    siteId = (await post('/v1/sites', { name: 'Station Est', address: '4 chemin du Rhône, Villeurbanne', location: { lat: 45.77, lon: 4.89 } })).id;
    // A simulated fleet's history, shifted to end today.
    const fleet = simulateFleet(606, 30, 3 * 365);
    const shift = Math.floor(Date.now() / DAY) * DAY - (fleet.start + fleet.days * DAY);
    const template = await post('/v1/work-orders', { title: 'Gabarit', type: 'corrective', priority: 'normal', siteId });
    Object.assign(process.env, inject('stackEnv'));
    const { createWorkOrder, getWorkOrder } = await import('#adapters/dynamodb/work-orders-repository');
    const base = (await getWorkOrder(tenant, template.id))!;
    for (const a of fleet.assets) {
      const assetId = (await post('/v1/assets', { name: a.id, type: a.type, siteId, serialNumber: a.id, installedAt: new Date(a.installedAt + shift).toISOString() })).id;
      for (const w of fleet.workOrders.get(a.id)!) {
        const at = (ms: number | null) => (ms === null ? null : new Date(ms + shift).toISOString());
        await createWorkOrder(tenant, { ...base, id: ulid(), type: w.type as 'corrective', assetId, createdAt: at(w.openedAt)!, updatedAt: at(w.openedAt)!, dueAt: at(w.openedAt)!, status: 'completed', completedAt: at(w.completedAt) });
      }
    }
  }, 300_000);

  it('is trained by the worker from the queue, evaluated on a later window, and then ranks the assets', async () => {
    const res = await call('POST', '/v1/ai/models/asset_failure_predictor/train', { token: admin, body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const deadline = Date.now() + 180_000;
    let model: any;
    for (;;) {
      model = (await call('GET', '/v1/ai/models', { token: admin })).body.data.find((m: any) => m.name === 'asset_failure_predictor');
      if (model.lastTraining?.status !== 'queued' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(model.lastTraining, JSON.stringify(model.lastTraining)).toMatchObject({ status: 'succeeded', reason: null });
    expect(model).toMatchObject({ kind: 'trained', target: { horizonDays: 30 }, provenance: expect.stringContaining('30 assets') });
    expect(model.trainingWindow.to <= model.evaluation.window.from).toBe(true);
    expect(model.evaluation.auc).toBeGreaterThan(0.5);
    const ranked = await atRisk(admin, `siteId=${siteId}&limit=100`);
    expect(ranked).toMatchObject({ modelKind: 'trained', modelVersion: model.version, note: null, assetsRanked: 30 });
    for (const row of ranked.data) {
      const sum = row.explanation.contributions.reduce((t: number, c: any) => t + c.contribution, 0);
      expect(Math.abs(sum - (row.probability - row.explanation.baseline))).toBeLessThan(2e-6);
    }
  }, 240_000);
});

/**
 * Time entries and preventive maintenance through the local stack; the daily
 * preventive worker in process with the stack's environment (run twice: one work
 * order), a meter plan fed by readings ingested through POST /v1/telemetry.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { DEMO_TECHNICIAN_ID } from '#lib/local/bootstrap/demo-field-operations';
import { call, tokenFor, USERS } from '../support/api';
import { fixtureAsset, fixtureSite, uniqueSensorId } from '../support/route-fixtures';
import { assignInProcess, fixtureTechnician, fixtureWorkOrder, workOrderOpenedAgo } from '../support/work-orders';

for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
afterAll(() => {
  vi.unstubAllEnvs();
});

const HOUR = 3_600_000;
let admin: string;
let manager: string;
let technician: string;
let client: string;
let otherClient: string;

beforeAll(async () => {
  [admin, manager, technician, client, otherClient] = (await Promise.all([USERS.admin, USERS.manager, USERS.technician, USERS.client, USERS.otherClient].map((u) => tokenFor(u)))) as [string, string, string, string, string];
});

describe('time entries', () => {
  it('logs time, refuses bad spans, time before the work order was opened and other technicians, lists and exports CSV', async () => {
    const wo = await workOrderOpenedAgo((await fixtureSite()).id, 4, { title: '=Pompe, "P2"' });
    const other = await fixtureTechnician();
    const start = new Date(Date.now() - 3 * HOUR).toISOString();
    const own = await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: technician, body: { technicianId: DEMO_TECHNICIAN_ID, start, minutes: 90, note: '+ joint, "neuf"' } });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ workOrderId: wo.id, technicianId: DEMO_TECHNICIAN_ID, minutes: 90 });
    expect((await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: technician, body: { technicianId: other.id, start, minutes: 30 } })).status).toBe(403);
    const forOther = await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: manager, body: { technicianId: other.id, start, end: new Date(Date.now() - HOUR).toISOString() } });
    expect(forOther.status).toBe(201);
    expect(forOther.body.minutes).toBe(120);
    for (const body of [
      { technicianId: other.id, start, end: start },
      { technicianId: other.id, start: new Date(Date.now() - 30 * HOUR).toISOString(), minutes: 1440, end: new Date().toISOString() },
      { technicianId: other.id, start: new Date(Date.now() - 26 * HOUR).toISOString(), end: new Date(Date.now() - HOUR).toISOString() },
      { technicianId: other.id, start: new Date(Date.now() + HOUR).toISOString(), minutes: 10 },
    ]) {
      const res = await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: manager, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    // Before the work order was opened (beyond five minutes of clock skew): 422, whoever logs it.
    for (const token of [manager, technician]) {
      const early = await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token, body: { technicianId: DEMO_TECHNICIAN_ID, start: new Date(Date.parse(wo.createdAt) - 10 * 60_000).toISOString(), minutes: 30 } });
      expect([early.status, early.body.code]).toEqual([422, 'STARTS_BEFORE_WORK_ORDER']);
    }
    const fresh = await fixtureWorkOrder((await fixtureSite()).id);
    const beforeFresh = await call('POST', `/v1/work-orders/${fresh.id}/time-entries`, { token: manager, body: { technicianId: other.id, start, minutes: 30 } });
    expect([beforeFresh.status, beforeFresh.body.code]).toEqual([422, 'STARTS_BEFORE_WORK_ORDER']);
    const skewed = await call('POST', `/v1/work-orders/${fresh.id}/time-entries`, { token: manager, body: { technicianId: other.id, start: new Date(Date.parse(fresh.createdAt) - 60_000).toISOString(), minutes: 1 } });
    expect(skewed.status).toBe(201);
    const page1 = await call('GET', `/v1/work-orders/${wo.id}/time-entries?limit=1`, { token: client });
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(1);
    const page2 = await call('GET', `/v1/work-orders/${wo.id}/time-entries?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { token: client });
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
    expect((await call('GET', `/v1/work-orders/${wo.id}/time-entries`, { token: otherClient })).status).toBe(404);

    const from = encodeURIComponent(new Date(Date.now() - 4 * HOUR).toISOString());
    const to = encodeURIComponent(new Date().toISOString());
    const csv = await call('GET', `/v1/time-entries/export?from=${from}&to=${to}`, { token: manager });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = typeof csv.body === 'string' ? csv.body : String(csv.body);
    expect(text.startsWith('technician_id,technician,work_order_id,work_order,start,end,minutes,note\r\n')).toBe(true);
    // The technician's name as it was when the time was logged (the matrix may rename the demo technician through PATCH /v1/me).
    const line = text.split('\r\n').find((l) => l.startsWith(`${DEMO_TECHNICIAN_ID},`) && l.includes(`,${wo.id},`));
    expect(line).toMatch(/^[0-9A-Z]{26},[^,]+ Technicien,/);
    expect(line!.slice(line!.indexOf(`,${wo.id},`))).toBe(`,${wo.id},"'=Pompe, ""P2""",${own.body.start},${own.body.end},90,"'+ joint, ""neuf"""`);
    expect(text).toContain(`${other.id},`);
    expect((await call('GET', `/v1/time-entries/export?from=${to}&to=${from}`, { token: manager })).status).toBe(400);
    expect((await call('GET', `/v1/time-entries/export?from=${from}&to=${to}`, { token: technician })).status).toBe(403);
  });
});

describe('preventive maintenance', () => {
  const runWorker = async (at: Date) => (await import('#application/maintenance-plans/open-due-preventive-work')).openDuePreventiveWork(at);
  const preventiveOf = async (assetId: string) => {
    const res = await call('GET', `/v1/work-orders?limit=100&type=preventive`, { token: manager });
    return (res.body.data as any[]).filter((w) => w.assetId === assetId);
  };

  it('opens a calendar plan\'s work order once however many runs, concurrent ones included; the asset follows', async () => {
    const asset = await fixtureAsset();
    const startsAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const created = await call('POST', `/v1/assets/${asset.id}/maintenance-plans`, {
      token: manager,
      body: { title: 'Révision mensuelle', template: { priority: 'high', requiredSkills: ['hydraulics'], checklist: [{ label: 'Graissage', kind: 'pass_fail' }], estimatedMinutes: 60 }, calendar: { every: 1, unit: 'months' }, leadTimeDays: 3, startsAt },
    });
    expect(created.status).toBe(201);
    const plan = created.body;
    expect((await call('GET', `/v1/assets/${asset.id}/maintenance-plans`, { token: client })).body.data.map((p: any) => p.id)).toEqual([plan.id]);
    expect((await call('GET', `/v1/maintenance-plans/${plan.id}`, { token: otherClient })).status).toBe(404);
    const now = new Date();
    await Promise.all([runWorker(now), runWorker(now)]);
    await runWorker(now);
    const wos = await preventiveOf(asset.id);
    expect(wos).toHaveLength(1);
    expect(wos[0]).toMatchObject({ type: 'preventive', source: 'preventive', sourceRef: plan.id, priority: 'high', estimatedMinutes: 60, dueAt: plan.nextDueAt });
    const after = (await call('GET', `/v1/maintenance-plans/${plan.id}`, { token: manager })).body;
    expect(after.state).toMatchObject({ cycle: 1, step: 2, lastWorkOrderId: wos[0].id, lastDueAt: plan.nextDueAt });
    expect(after.nextDueAt > plan.nextDueAt).toBe(true);
    expect((await call('GET', `/v1/assets/${asset.id}`, { token: manager })).body.nextMaintenanceAt).toBe(after.nextDueAt);
  });

  it('opens a meter plan when ingested readings reach the threshold', async () => {
    const asset = await fixtureAsset();
    const sensor = await call('POST', '/v1/sensors', { token: manager, body: { id: uniqueSensorId('RUNH'), kind: 'level', siteId: asset.siteId } });
    expect(sensor.status).toBe(201);
    const t0 = Math.floor((Date.now() - 10 * HOUR) / 60_000) * 60_000;
    expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings: [{ sensorId: sensor.body.id, ts: t0, value: 1000 }] } })).status).toBeLessThan(300);
    const created = await call('POST', `/v1/assets/${asset.id}/maintenance-plans`, { token: manager, body: { title: 'Vidange 500 h', meter: { sensorId: sensor.body.id, every: 500 } } });
    expect(created.status).toBe(201);
    expect(created.body.state.meterBaseline).toBe(1000);
    await runWorker(new Date());
    expect(await preventiveOf(asset.id)).toHaveLength(0);
    expect((await call('POST', '/v1/telemetry', { token: admin, body: { readings: [{ sensorId: sensor.body.id, ts: t0 + 5 * HOUR, value: 1510 }] } })).status).toBeLessThan(300);
    await runWorker(new Date());
    await runWorker(new Date());
    const wos = await preventiveOf(asset.id);
    expect(wos).toHaveLength(1);
    expect(wos[0].dueAt).toBe(new Date(t0 + 5 * HOUR).toISOString());
    const plan = (await call('GET', `/v1/maintenance-plans/${created.body.id}`, { token: manager })).body;
    expect(plan.state).toMatchObject({ cycle: 1, meterBaseline: 1500 });
  });

  it('refuses a plan without a trigger or with a meter on another site', async () => {
    const asset = await fixtureAsset();
    expect((await call('POST', `/v1/assets/${asset.id}/maintenance-plans`, { token: manager, body: { title: 'Rien' } })).status).toBe(400);
    const res = await call('POST', `/v1/assets/${asset.id}/maintenance-plans`, { token: manager, body: { title: 'Ailleurs', meter: { sensorId: 'NO_SUCH_SENSOR_X', every: 10 } } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('body.meter.sensorId');
  });
});

describe('the asset\'s maintenance dates follow the work', () => {
  const DAY = 86_400_000;
  const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
  const assetOf = async (id: string) => (await call('GET', `/v1/assets/${id}`, { token: manager })).body;
  const move = async (id: string, to: string) => {
    const res = await call('POST', `/v1/work-orders/${id}/transitions`, { token: technician, body: { to } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /** Work of `type` on the asset, assigned to the demo technician, started and completed. */
  const completedWork = async (asset: { id: string; siteId: string }, type: string) => {
    const wo = await fixtureWorkOrder(asset.siteId, { assetId: asset.id, type });
    await assignInProcess(wo.id);
    await move(wo.id, 'in_progress');
    return move(wo.id, 'completed');
  };

  it('completing corrective or preventive work sets lastMaintenanceAt and counts the interval from it; an inspection does not', async () => {
    const site = await fixtureSite();
    const installedAt = new Date(Date.now() - 200 * DAY).toISOString();
    const created = await call('POST', '/v1/assets', { token: manager, body: { name: 'Pompe de relevage', type: 'pump', siteId: site.id, serialNumber: `SN-MAINT-${Date.now()}`, installedAt, maintenanceIntervalDays: 90 } });
    expect(created.status).toBe(201);
    const asset = created.body;
    expect(asset).toMatchObject({ lastMaintenanceAt: null, nextMaintenanceAt: plus(installedAt, 90) });

    const inspection = await completedWork(asset, 'inspection');
    expect(inspection.status).toBe('completed');
    expect(await assetOf(asset.id)).toMatchObject({ lastMaintenanceAt: null, version: asset.version });

    const repair = await completedWork(asset, 'corrective');
    const repaired = await assetOf(asset.id);
    expect(repaired).toMatchObject({ lastMaintenanceAt: repair.completedAt, nextMaintenanceAt: plus(repair.completedAt, 90), version: asset.version + 1 });

    const service = await completedWork(asset, 'preventive');
    expect(await assetOf(asset.id)).toMatchObject({ lastMaintenanceAt: service.completedAt, nextMaintenanceAt: plus(service.completedAt, 90), version: asset.version + 2 });
  });

  it('nextMaintenanceAt is the earliest of the interval and the plans, and a PATCH no longer overwrites a plan\'s date', async () => {
    const site = await fixtureSite();
    const created = await call('POST', '/v1/assets', {
      token: manager,
      body: { name: 'Surpresseur', type: 'pump', siteId: site.id, serialNumber: `SN-PLAN-${Date.now()}`, installedAt: new Date(Date.now() - 10 * DAY).toISOString(), maintenanceIntervalDays: 365 },
    });
    const asset = created.body;
    const repair = await completedWork(asset, 'corrective');
    const byInterval = plus(repair.completedAt, 365);
    expect((await assetOf(asset.id)).nextMaintenanceAt).toBe(byInterval);

    // A monthly plan falls first: the asset follows it.
    const plan = (
      await call('POST', `/v1/assets/${asset.id}/maintenance-plans`, {
        token: manager,
        body: { title: 'Contrôle mensuel', calendar: { every: 1, unit: 'months' }, startsAt: new Date(Date.now() - 5 * DAY).toISOString() },
      })
    ).body;
    expect(plan.nextDueAt < byInterval).toBe(true);
    expect((await assetOf(asset.id)).nextMaintenanceAt).toBe(plan.nextDueAt);

    // A PATCH of anything else keeps the plan's date (it used to recompute it from the interval alone).
    const renamed = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { name: 'Surpresseur nord' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ nextMaintenanceAt: plan.nextDueAt, lastMaintenanceAt: repair.completedAt });

    // A shorter interval that now falls first wins; back to a long one, the plan's date again.
    const shorter = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { maintenanceIntervalDays: 3 } });
    expect(shorter.body.nextMaintenanceAt).toBe(plus(repair.completedAt, 3));
    const longer = await call('PATCH', `/v1/assets/${asset.id}`, { token: manager, body: { maintenanceIntervalDays: 365 } });
    expect(longer.body.nextMaintenanceAt).toBe(plan.nextDueAt);

    // Completing work keeps the plan's earlier date; deleting the plan hands the date back to the interval.
    const service = await completedWork(asset, 'preventive');
    expect(await assetOf(asset.id)).toMatchObject({ lastMaintenanceAt: service.completedAt, nextMaintenanceAt: plan.nextDueAt });
    const current = (await call('GET', `/v1/maintenance-plans/${plan.id}`, { token: manager })).body;
    expect((await call('DELETE', `/v1/maintenance-plans/${plan.id}`, { token: manager, headers: { 'if-match': `"v${current.version}"` } })).status).toBe(204);
    expect((await assetOf(asset.id)).nextMaintenanceAt).toBe(plus(service.completedAt, 365));
  });
});

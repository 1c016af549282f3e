/** Work orders and technicians for tests that need one to exist. */
import { inject } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { DEMO_TECHNICIAN_ID } from '#lib/local/bootstrap/demo-field-operations';
import { call, tokenFor, USERS } from './api';

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${seq++}`;

async function createdAs(user: string, path: string, body: unknown): Promise<{ id: string } & Record<string, any>> {
  const res = await call('POST', path, { token: await tokenFor(user), body });
  if (res.status !== 201) throw new Error(`fixture ${path} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An open corrective work order on `siteId` (an Acme site in the fixtures). */
export const fixtureWorkOrder = (siteId: string, extra: Record<string, unknown> = {}) =>
  createdAs(USERS.manager, '/v1/work-orders', { title: unique('WO'), type: 'corrective', priority: 'normal', siteId, ...extra });

/** A technician profile nobody logs in as. */
export const fixtureTechnician = () => createdAs(USERS.manager, '/v1/technicians', { name: unique('Tech'), skills: ['electrical'] });

/**
 * Assigns a work order as the scheduling part does (through the repository, in
 * process), to the demo technician by default, and moves it to `scheduled`.
 */
export async function assignInProcess(workOrderId: string, technicianId = DEMO_TECHNICIAN_ID): Promise<void> {
  Object.assign(process.env, inject('stackEnv'));
  const { getWorkOrder, updateWorkOrder } = await import('#adapters/dynamodb/work-orders-repository');
  const wo = await getWorkOrder(DEMO_TENANT_ID, workOrderId);
  if (!wo) throw new Error(`no work order ${workOrderId}`);
  await updateWorkOrder(
    DEMO_TENANT_ID,
    { ...wo, status: 'scheduled', assignedTechnicianId: technicianId, scheduledStart: new Date().toISOString(), version: wo.version + 1 },
    wo.version,
    { history: { workOrderId, at: new Date().toISOString(), by: 'scheduler', from: wo.status, to: 'scheduled', comment: null } },
  );
}

/** A scheduled work order assigned to the demo technician. */
export async function assignedWorkOrder(siteId: string, extra: Record<string, unknown> = {}) {
  const wo = await fixtureWorkOrder(siteId, extra);
  await assignInProcess(wo.id);
  return wo;
}

/** Moves a work order's creation `ms` back (in process), so time can be logged since: "opened this morning". */
export async function backdateInProcess(workOrderId: string, ms: number): Promise<string> {
  Object.assign(process.env, inject('stackEnv'));
  const { getWorkOrder, updateWorkOrder } = await import('#adapters/dynamodb/work-orders-repository');
  const wo = await getWorkOrder(DEMO_TENANT_ID, workOrderId);
  if (!wo) throw new Error(`no work order ${workOrderId}`);
  const createdAt = new Date(Date.parse(wo.createdAt) - ms).toISOString();
  await updateWorkOrder(DEMO_TENANT_ID, { ...wo, createdAt, version: wo.version + 1 }, wo.version);
  return createdAt;
}

/**
 * A work order opened `hoursAgo` hours ago, for time logged in the past: an entry may not
 * start before its work order was opened.
 */
export async function workOrderOpenedAgo(siteId: string, hoursAgo: number, extra: Record<string, unknown> = {}) {
  const wo = await fixtureWorkOrder(siteId, extra);
  const createdAt = await backdateInProcess(wo.id, hoursAgo * 3_600_000);
  return { ...wo, createdAt, version: wo.version + 1 };
}

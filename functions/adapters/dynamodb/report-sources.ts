/**
 * What an intervention report shows, gathered from the repositories that own it: the
 * work order, its history, asset, site, client (name and contact), technician and time
 * entries. People are named as users know them: records keep a user's id (the Cognito
 * `sub`), the report shows the user's name from the users table; an id that is no user
 * (a system actor such as `alert-evaluator`, a pseudonym after an erasure) is shown as is.
 */
import type { InterventionReportInput, ReportChecklistItem, ReportTimeEntry } from '#domain/intervention-report';
import type { Principal } from '#domain/principal';
import { displayName } from '#domain/users';
import { canSeeWorkOrder, type WorkOrder, type WorkOrderHistoryEntry } from '#domain/work-orders';
import { getAsset } from './assets-repository';
import { getClient } from './clients-repository';
import { getSite } from './sites-repository';
import { getTechnician } from './technicians-repository';
import { listTimeEntries } from './time-entries-repository';
import { getUserRecord } from './users-repository';
import { getWorkOrder, listWorkOrderHistory } from './work-orders-repository';
import { collectPages, type Page } from './query-page';

const MAX_HISTORY = 500;
const MAX_TIME_ENTRIES = 1000;

/** Every item of a paged list, up to `max`. */
const allPages = async <T>(max: number, page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> => (await collectPages(page, max)).slice(0, max);

/** The name of each id that is a user of the tenant (their given and family names, else their e-mail). */
async function userNames(tenantId: string, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const user = await getUserRecord(tenantId, id);
      if (user) names.set(id, displayName(user) || user.email);
    }),
  );
  return names;
}

export function checklistOf(wo: WorkOrder): ReportChecklistItem[] {
  return wo.checklist.map((item) => ({
    label: item.label,
    kind: item.kind === 'pass_fail' ? 'passFail' : 'measurement',
    result: item.result ? (item.kind === 'pass_fail' ? (item.result.passed ?? item.result.ok) : (item.result.value ?? null)) : null,
    unit: item.unit ?? null,
    min: item.min ?? null,
    max: item.max ?? null,
    comment: item.result?.note ?? null,
  }));
}

/** A PNG data URL's base64; other images (SVG) and typed names are shown as text only. */
const pngOf = (image: string | undefined): string | null => (image?.startsWith('data:image/png;base64,') ? image.slice('data:image/png;base64,'.length) : null);

/** The report's input, or undefined when the work order does not exist or the caller may not see it. */
export async function loadReportInput(who: Principal, workOrderId: string, now: string): Promise<{ report: InterventionReportInput; clientId: string | null } | undefined> {
  const wo = await getWorkOrder(who.tenantId, workOrderId);
  if (!wo || !canSeeWorkOrder(who, wo)) return undefined;
  const [asset, site, client, technician, history, timeEntries] = await Promise.all([
    wo.assetId ? getAsset(who.tenantId, wo.assetId) : undefined,
    wo.siteId ? getSite(who.tenantId, wo.siteId) : undefined,
    wo.clientId ? getClient(who.tenantId, wo.clientId) : undefined,
    wo.assignedTechnicianId ? getTechnician(who.tenantId, wo.assignedTechnicianId) : undefined,
    allPages<WorkOrderHistoryEntry>(MAX_HISTORY, (cursor) => listWorkOrderHistory(who.tenantId, wo.id, { limit: 100, ...(cursor ? { cursor } : {}) })),
    allPages(MAX_TIME_ENTRIES, (cursor) => listTimeEntries(who.tenantId, wo.id, { limit: 100, ...(cursor ? { cursor } : {}) })),
  ]);
  const generator = who.kind === 'user' ? who.subject : undefined;
  const names = await userNames(who.tenantId, [...history.map((h) => h.by), ...(generator ? [generator] : [])]);
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    clientId: wo.clientId,
    report: {
      workOrder: { id: wo.id, title: wo.title, description: wo.description, type: wo.type, priority: wo.priority, status: wo.status, createdAt: wo.createdAt, dueAt: wo.dueAt, completedAt: wo.completedAt },
      asset: asset ? { name: asset.name, type: asset.type, serialNumber: asset.serialNumber ?? null, model: asset.model ?? null } : null,
      site: site ? { name: site.name, address: site.address } : null,
      // A client deleted since keeps its id on the work order: shown by it, never as "no client".
      client: client ? { name: client.name, email: client.email, phone: client.phone } : wo.clientId ? { name: `Client ${wo.clientId} (deleted)` } : null,
      technician: technician ? { name: technician.name, email: technician.email } : null,
      history: history.map((h) => ({ at: h.at, by: h.by ? nameOf(h.by) : null, from: h.from, to: h.to, comment: h.comment })),
      checklist: checklistOf(wo),
      timeEntries: timeEntries.map((e): ReportTimeEntry => ({ technician: e.technicianName, start: e.start, end: e.end, minutes: e.minutes, note: e.note })),
      signatureRequired: wo.requiresSignature,
      signature: wo.signature ? { signedBy: wo.signature.signedBy, signedAt: wo.signature.signedAt, pngBase64: pngOf(wo.signature.image) } : null,
      generatedAt: now,
      generatedBy: generator ? nameOf(generator) : (who.username ?? who.subject),
    },
  };
}

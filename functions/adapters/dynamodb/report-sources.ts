/**
 * What an intervention report shows, gathered from the repositories that own it: the
 * work order, its history, asset, site and technician.
 *
 * CLIENT HOOK: no clients repository on this branch yet; the client is shown by its id
 * until `getClient` (feat/workorders' clients) is merged, then its name and contact.
 * TIME-ENTRIES HOOK: time entries belong to feat/scheduling; until it is merged
 * `timeEntries` is undefined and the report says "not available". Map them to
 * `ReportTimeEntry` here.
 */
import type { InterventionReportInput, ReportChecklistItem, ReportHistoryEntry } from '#domain/intervention-report';
import type { Principal } from '#domain/principal';
import { canSeeWorkOrder, type WorkOrder } from '#domain/work-orders';
import { getAsset } from './assets-repository';
import { getSite } from './sites-repository';
import { getTechnician } from './technicians-repository';
import { getWorkOrder, listWorkOrderHistory } from './work-orders-repository';

const MAX_HISTORY = 500;

async function historyOf(tenantId: string, workOrderId: string): Promise<ReportHistoryEntry[]> {
  const entries: ReportHistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listWorkOrderHistory(tenantId, workOrderId, { limit: 100, ...(cursor ? { cursor } : {}) });
    entries.push(...page.items.map((h) => ({ at: h.at, by: h.by, from: h.from, to: h.to, comment: h.comment })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && entries.length < MAX_HISTORY);
  return entries;
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
  const [asset, site, technician, history] = await Promise.all([
    wo.assetId ? getAsset(who.tenantId, wo.assetId) : undefined,
    wo.siteId ? getSite(who.tenantId, wo.siteId) : undefined,
    wo.assignedTechnicianId ? getTechnician(who.tenantId, wo.assignedTechnicianId) : undefined,
    historyOf(who.tenantId, wo.id),
  ]);
  return {
    clientId: wo.clientId,
    report: {
      workOrder: { id: wo.id, title: wo.title, description: wo.description, type: wo.type, priority: wo.priority, status: wo.status, createdAt: wo.createdAt, dueAt: wo.dueAt, completedAt: wo.completedAt },
      asset: asset ? { name: asset.name, type: asset.type, serialNumber: asset.serialNumber ?? null, model: asset.model ?? null } : null,
      site: site ? { name: site.name, address: site.address } : null,
      client: wo.clientId ? { name: `Client ${wo.clientId}` } : null,
      technician: technician ? { name: technician.name, email: technician.email } : null,
      history,
      checklist: checklistOf(wo),
      signatureRequired: wo.requiresSignature,
      signature: wo.signature ? { signedBy: wo.signature.signedBy, signedAt: wo.signature.signedAt, pngBase64: pngOf(wo.signature.image) } : null,
      generatedAt: now,
      generatedBy: who.username ?? who.subject,
    },
  };
}

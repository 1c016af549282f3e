import { entriesBetween } from '#adapters/dynamodb/schedule-repository';
import { listTechnicians } from '#adapters/dynamodb/technicians-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { rankCandidates, slotEnd, weekAround, type ScheduleEntry } from '#domain/scheduling';
import type { Technician } from '#domain/technicians';
import { canSeeWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** Most technicians ranked in one call (a tenant's field force). */
const MAX_TECHNICIANS = 500;

async function activeTechnicians(tenantId: string): Promise<Technician[]> {
  const out: Technician[] = [];
  let cursor: string | undefined;
  do {
    const page = await listTechnicians(tenantId, { limit: 100, active: true, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < MAX_TECHNICIANS);
  return out;
}

/**
 * Steps: the work order; the slot (query, else its scheduled start, else its due time
 * less the visit; the visit is the query's, else the estimate, else 60 minutes); the
 * active technicians and every visit of the slot's week; the pure ranking.
 */
export async function listWorkOrderCandidates({ params, query, principal }: HttpRequest<{ id: string }, { start?: string; durationMinutes?: number }>) {
  const who = caller(principal);
  const workOrder = visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  const durationMinutes = query.durationMinutes ?? Math.min(Math.max(workOrder.estimatedMinutes ?? 60, 15), 720);
  const start = new Date(query.start ?? workOrder.scheduledStart ?? Date.parse(workOrder.dueAt) - durationMinutes * 60_000).toISOString();
  const slot = { start, durationMinutes };
  const week = weekAround(start);
  const end = slotEnd(slot);
  const [technicians, entries] = await Promise.all([
    activeTechnicians(who.tenantId),
    entriesBetween(who.tenantId, { from: week.from < start ? week.from : start, to: week.to > end ? week.to : end }, 10_000),
  ]);
  const byTechnician = new Map<string, ScheduleEntry[]>();
  for (const e of entries) byTechnician.set(e.technicianId, [...(byTechnician.get(e.technicianId) ?? []), e]);
  const ranked = rankCandidates(workOrder, technicians, (id) => byTechnician.get(id) ?? [], slot);
  return { status: 200, body: { slot, data: ranked } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrderCandidates'), listWorkOrderCandidates);

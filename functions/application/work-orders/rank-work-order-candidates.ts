/**
 * The technicians who could take a work order, best first. Steps:
 *   1. load the work order (visible to the caller);
 *   2. the slot: the asked start, else its scheduled start, else its due time less the
 *      visit; the visit lasts the asked minutes, else the estimate (15 to 720), else 60;
 *   3. read the active technicians and every visit of the slot's week;
 *   4. rank them (`rankCandidates`, pure).
 */
import { entriesBetween } from '#adapters/dynamodb/schedule-repository';
import { listTechnicians } from '#adapters/dynamodb/technicians-repository';
import { collectPages } from '#adapters/dynamodb/query-page';
import type { Principal } from '#domain/principal';
import { rankCandidates, slotEnd, weekAround, type Candidate, type ScheduleEntry, type Slot } from '#domain/scheduling';
import { getWorkOrder } from './get-work-order';

/** Most technicians ranked in one call (a tenant's field force). */
const MAX_TECHNICIANS = 500;

export async function rankWorkOrderCandidates(who: Principal, id: string, asked: { start?: string; durationMinutes?: number }): Promise<{ slot: Slot; ranked: Candidate[] }> {
  const workOrder = await getWorkOrder(who, id);
  const durationMinutes = asked.durationMinutes ?? Math.min(Math.max(workOrder.estimatedMinutes ?? 60, 15), 720);
  const start = new Date(asked.start ?? workOrder.scheduledStart ?? Date.parse(workOrder.dueAt) - durationMinutes * 60_000).toISOString();
  const slot = { start, durationMinutes };
  const week = weekAround(start);
  const end = slotEnd(slot);
  const [technicians, entries] = await Promise.all([
    collectPages((cursor) => listTechnicians(who.tenantId, { limit: 100, active: true, ...(cursor ? { cursor } : {}) }), MAX_TECHNICIANS),
    entriesBetween(who.tenantId, { from: week.from < start ? week.from : start, to: week.to > end ? week.to : end }, 10_000),
  ]);
  const byTechnician = new Map<string, ScheduleEntry[]>();
  for (const e of entries) byTechnician.set(e.technicianId, [...(byTechnician.get(e.technicianId) ?? []), e]);
  return { slot, ranked: rankCandidates(workOrder, technicians, (id) => byTechnician.get(id) ?? [], slot) };
}

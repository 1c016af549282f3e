/**
 * Open the preventive work orders that fall due (the daily schedule's use case).
 *
 * Steps, for each enabled plan of every tenant:
 *   1. read its meter's latest reading from the telemetry store;
 *   2. decide the current cycle's due date (calendar or meter, whichever first);
 *   3. once its lead time is reached, open the work order (with its `work_order.created`
 *      event) and move the plan to its next cycle in one transaction, conditioned on the
 *      plan's version, with a once-key per plan and cycle, so two runs, even concurrent,
 *      open it once; repeat for cycles missed (at most {@link MAX_CYCLES_PER_RUN});
 *   4. nothing opened: save the plan's next due date if it moved;
 *   5. the asset's `nextMaintenanceAt` follows its earliest plan.
 * A plan that fails is logged and the run goes on; the run then throws so the schedule's
 * error alarm fires.
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { enabledPlans, openPreventiveWorkOrder, refreshPlan, syncAssetNextMaintenance } from '#adapters/dynamodb/maintenance-plans-repository';
import { latestMeterReading } from '#adapters/telemetry/meter-readings';
import { advance, isDue, nextDue, preventiveOnceKey, preventiveWorkOrder, withBaseline, type MaintenancePlan } from '#domain/maintenance-plans';
import { newWorkOrder, workOrderCreatedEvent } from '#domain/work-orders';
import { logger } from '#platform/observability';

type PlanOutcome = 'opened' | 'raced' | 'waiting' | 'orphaned';

/** At most this many cycles caught up per plan and run (a plan created far in the past). */
const MAX_CYCLES_PER_RUN = 24;

async function processPlan(tenantId: string, stored: MaintenancePlan, now: string): Promise<{ outcome: PlanOutcome; opened: number }> {
  const latest = await latestMeterReading(tenantId, stored.meter);
  let plan: MaintenancePlan = { ...stored, state: withBaseline(stored.state, stored.meter, latest) };
  let opened = 0;
  for (let i = 0; i < MAX_CYCLES_PER_RUN; i++) {
    const due = nextDue(plan, latest);
    if (!isDue(plan, due, now)) break;
    const asset = await getAsset(tenantId, plan.assetId);
    if (!asset) return { outcome: 'orphaned', opened };
    const workOrder = newWorkOrder(ulid(), preventiveWorkOrder(plan, due), { assetId: asset.id, siteId: asset.siteId, clientId: asset.clientId }, 'preventive-maintenance', now);
    const state = advance(plan, due, latest, workOrder.id);
    const nextDueAt = nextDue({ ...plan, state }, latest)?.dueAt ?? null;
    const event = workOrderCreatedEvent(ulid(), tenantId, workOrder, now);
    const done = await openPreventiveWorkOrder(tenantId, plan, { state, nextDueAt }, workOrder, preventiveOnceKey(plan.id, plan.state.cycle), event, now);
    if (!done) return { outcome: 'raced', opened }; // another run opened it, or the plan was edited: the next run looks again
    opened++;
    plan = { ...plan, state, nextDueAt, version: plan.version + 1 };
  }
  if (opened === 0) {
    const nextDueAt = nextDue(plan, latest)?.dueAt ?? null;
    if (nextDueAt !== stored.nextDueAt || plan.state !== stored.state) await refreshPlan(tenantId, stored, plan.state, nextDueAt);
  }
  await syncAssetNextMaintenance(tenantId, plan.assetId, now);
  return { outcome: opened ? 'opened' : 'waiting', opened };
}

/** One run at `now`: `processed` is how many work orders it opened. */
export async function openDuePreventiveWork(now: Date): Promise<{ processed: number; details: Record<PlanOutcome, number> & { plans: number } }> {
  const at = now.toISOString();
  const details = { plans: 0, opened: 0, raced: 0, waiting: 0, orphaned: 0 };
  let processed = 0;
  const failures: unknown[] = [];
  for await (const { tenantId, plan } of enabledPlans()) {
    details.plans++;
    try {
      const result = await processPlan(tenantId, plan, at);
      details[result.outcome]++;
      processed += result.opened;
    } catch (error) {
      logger.error('Preventive plan failed', { tenantId, planId: plan.id, error: error as Error });
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} maintenance plan(s) failed`);
  return { processed, details };
}

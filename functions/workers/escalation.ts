/**
 * Every 5 minutes: a critical work order still open and unassigned 30 minutes after its
 * creation notifies every manager, once. The work-orders repository keeps a watch for
 * each such work order; per due watch: read the work order; if it still needs escalating,
 * deliver the `work_order.escalated` notification (its id is fixed per work order, so a
 * rerun after a crash notifies no one twice); then drop the watch. A failure leaves the
 * watch for the next run and fails the run (the alarm fires), never silently.
 */
import { dueEscalations, removeEscalation } from '#adapters/dynamodb/escalations-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { ESCALATION_AFTER_MINUTES, needsEscalation } from '#domain/scheduling';
import { logger } from '#platform/observability';
import { scheduledWorker } from '#platform/scheduled-worker';
import { deliverNotificationEvent } from './notifications';

export async function escalateUnassigned(now: Date): Promise<{ processed: number; details: { due: number; notified: number } }> {
  const at = now.toISOString();
  const due = await dueEscalations(at);
  let escalated = 0;
  let notified = 0;
  const failures: unknown[] = [];
  for (const watch of due) {
    try {
      const workOrder = await getWorkOrder(watch.tenantId, watch.workOrderId);
      if (workOrder && needsEscalation(workOrder, at)) {
        notified += await deliverNotificationEvent({
          id: `escalation-${workOrder.id}`,
          type: 'work_order.escalated',
          occurredAt: at,
          tenant: watch.tenantId,
          data: { workOrderId: workOrder.id, title: workOrder.title, reason: `Critical and still unassigned ${ESCALATION_AFTER_MINUTES} minutes after creation (due ${workOrder.dueAt})`, workOrder },
        });
        escalated++;
      }
      await removeEscalation(watch);
    } catch (error) {
      logger.error('Escalation failed; the next run tries again', { tenantId: watch.tenantId, workOrderId: watch.workOrderId, error: error as Error });
      failures.push(error);
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} escalation(s) failed`);
  return { processed: escalated, details: { due: due.length, notified } };
}

export const handler = scheduledWorker('Escalation', async (_event, now) => escalateUnassigned(now));

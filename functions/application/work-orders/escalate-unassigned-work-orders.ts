/**
 * Escalate critical work orders still open and unassigned {@link ESCALATION_AFTER_MINUTES}
 * minutes after their creation: every manager is notified, once (the every-5-minutes
 * schedule's use case). The work-orders repository keeps a watch for each such work order.
 *
 * Steps, per watch due at `now`:
 *   1. read the work order;
 *   2. if it still needs escalating (`needsEscalation`), deliver the `work_order.escalated`
 *      notification (`workOrderEscalatedEvent`: its id is fixed per work order, so a rerun
 *      after a crash notifies no one twice);
 *   3. drop the watch.
 * A failure leaves the watch for the next run and fails the run (the alarm fires), never silently.
 */
import { dueEscalations, removeEscalation } from '#adapters/dynamodb/escalations-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { deliverNotificationEvent } from '#application/notifications/deliver-notification-event';
import { ESCALATION_AFTER_MINUTES, needsEscalation } from '#domain/scheduling';
import { workOrderEscalatedEvent } from '#domain/work-orders';
import { logger } from '#platform/observability';

/** `processed` is how many work orders were escalated. */
export async function escalateUnassignedWorkOrders(now: Date): Promise<{ processed: number; details: { due: number; notified: number } }> {
  const at = now.toISOString();
  const due = await dueEscalations(at);
  let escalated = 0;
  let notified = 0;
  const failures: unknown[] = [];
  for (const watch of due) {
    try {
      const workOrder = await getWorkOrder(watch.tenantId, watch.workOrderId);
      if (workOrder && needsEscalation(workOrder, at)) {
        notified += await deliverNotificationEvent(workOrderEscalatedEvent(watch.tenantId, workOrder, at, ESCALATION_AFTER_MINUTES));
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

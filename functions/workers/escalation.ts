/** Every 5 minutes: notifies managers of critical work orders left unassigned (`escalateUnassignedWorkOrders`). */
import { escalateUnassignedWorkOrders } from '#application/work-orders/escalate-unassigned-work-orders';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('Escalation', async (_event, now) => escalateUnassignedWorkOrders(now));

/** Every minute: raises the no-data alerts of sensors that went silent (`raiseNoDataAlerts`). */
import { raiseNoDataAlerts } from '#application/alerts/raise-no-data-alerts';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('AlertNoData', async (_event, now) => raiseNoDataAlerts(now));

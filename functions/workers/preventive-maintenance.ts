/** Daily: opens the preventive work orders that fall due (`openDuePreventiveWork`). */
import { openDuePreventiveWork } from '#application/maintenance-plans/open-due-preventive-work';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('PreventiveMaintenance', async (_event, now) => openDuePreventiveWork(now));

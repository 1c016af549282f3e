/** Hourly: flags the API keys whose past hour looked wrong and tells their admins (`flagApiAnomalies`). */
import { flagApiAnomalies } from '#application/api-keys/flag-api-anomalies';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('ApiAnomalies', async (_event, now) => flagApiAnomalies(now));

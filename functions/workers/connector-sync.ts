/** Hourly: a run message for every enabled connector whose own sync period has turned (`queueDueSyncs`). */
import { queueDueSyncs } from '#application/connectors/queue-connector-runs';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('ConnectorSync', async (_event, now) => ({ processed: await queueDueSyncs(now) }));

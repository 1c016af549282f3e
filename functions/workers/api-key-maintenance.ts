/**
 * Hourly (EventBridge schedule): automatic API key rotations, then the gateway keys whose
 * grace period ended or that expired (`maintainApiKeys`). `processed` counts the keys
 * rotated, deleted and disabled; the report is in `details`.
 */
import { maintainApiKeys } from '#application/api-keys/maintain-api-keys';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('ApiKeyMaintenance', async (_event, now) => {
  const report = await maintainApiKeys(now);
  return { processed: report.rotated.length + report.deleted.length + report.disabled.length, details: report };
});

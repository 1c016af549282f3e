/**
 * Hourly: for every API key that made calls in the past hour, compares that hour
 * with the key's previous day and flags mostly-failing calls, rate spikes,
 * scanning and many user agents. Flags are listed at GET /v1/admin/anomalies, each
 * notifies the tenant's admins in-app (`api.anomaly_detected`, grouped per key: one
 * notification with a count however many hours a key is flagged; the event id is fixed
 * per key and hour, so a rerun counts once), and they are counted in the `ApiAnomalies`
 * metric, on which a CloudWatch alarm notifies the stack's alarm topic.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { saveAnomaly } from '#adapters/dynamodb/control/anomalies';
import { findKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { activeKeys, keyStats } from '#adapters/dynamodb/control/key-stats';
import { detectAnomalies, hourOf } from '#domain/api-anomalies';
import { metrics } from '#platform/observability';
import { scheduledWorker } from '#platform/scheduled-worker';
import { deliverNotificationEvent } from './notifications';

const HOUR_MS = 3_600_000;
/** Anomalies of keys Hydrant has no policy for (e.g. the bootstrap key) go to this tenant. */
export const UNASSIGNED_TENANT = '_unassigned';

/** Analyses the full hour before `now`; returns how many keys were flagged. */
export async function flagAnomalies(now: Date): Promise<{ processed: number; details: { keys: number; notified: number } }> {
  const hour = hourOf(now.getTime() - HOUR_MS);
  const keys = await activeKeys(hour);
  let flagged = 0;
  let notified = 0;
  for (const keyId of keys) {
    const history = await keyStats(keyId, hourOf(now.getTime() - 25 * HOUR_MS), hour);
    const current = history.find((h) => h.hour === hour);
    if (!current) continue;
    const anomalies = detectAnomalies(current, history.filter((h) => h.hour !== hour));
    if (anomalies.length === 0) continue;
    const policy = await findKeyPolicy(keyId);
    const record = { id: `${hour}#${keyId}`, apiKeyId: keyId, apiKeyName: policy?.name ?? null, hour, anomalies, detectedAt: now.toISOString() };
    await saveAnomaly(policy?.tenantId ?? UNASSIGNED_TENANT, record);
    flagged++;
    // A key of no tenant (e.g. the bootstrap key) has no admins to tell: the alarm covers it.
    if (policy) {
      notified += await deliverNotificationEvent({
        id: `api.anomaly_detected:${record.id}`,
        type: 'api.anomaly_detected',
        occurredAt: record.detectedAt,
        tenant: policy.tenantId,
        data: { anomalyId: record.id, apiKeyId: keyId, apiKeyName: record.apiKeyName, hour, kinds: anomalies.map((a) => a.kind), anomalies },
      });
    }
  }
  metrics.addMetric('ApiAnomalies', MetricUnit.Count, flagged);
  return { processed: flagged, details: { keys: keys.length, notified } };
}

export const handler = scheduledWorker('ApiAnomalies', async (_event, now) => flagAnomalies(now));

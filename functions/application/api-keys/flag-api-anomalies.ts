/**
 * Flag the API keys whose past hour looked wrong (the hourly schedule's use case):
 * mostly-failing calls, rate spikes, scanning and many user agents, judged against the
 * key's previous day.
 *
 * Steps, for every API key that made calls in the full hour before `now`:
 *   1. read its hourly stats of the past 25 hours; detect the hour's anomalies (pure);
 *   2. keep a flagged hour (listed at GET /v1/admin/anomalies) under the key's tenant,
 *      or {@link UNASSIGNED_TENANT} for a key Hydrant has no policy for;
 *   3. notify the tenant's admins in-app (`api.anomaly_detected`, grouped per key; its id
 *      is fixed per key and hour, so a rerun counts once); a key of no tenant has no
 *      admins to tell: the alarm on the `ApiAnomalies` metric covers it;
 *   4. count the flagged keys in `ApiAnomalies`.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { saveAnomaly } from '#adapters/dynamodb/control/anomalies';
import { findKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { activeKeys, keyStats } from '#adapters/dynamodb/control/key-stats';
import { deliverNotificationEvent } from '#application/notifications/deliver-notification-event';
import { apiAnomalyDetectedEvent, detectAnomalies, hourOf, type AnomalyRecord } from '#domain/api-anomalies';
import { metrics } from '#platform/observability';

const HOUR_MS = 3_600_000;
/** Anomalies of keys Hydrant has no policy for (e.g. the bootstrap key) go to this tenant. */
export const UNASSIGNED_TENANT = '_unassigned';

/** Analyses the full hour before `now`; `processed` is how many keys were flagged. */
export async function flagApiAnomalies(now: Date): Promise<{ processed: number; details: { keys: number; notified: number } }> {
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
    const record: AnomalyRecord = { id: `${hour}#${keyId}`, apiKeyId: keyId, apiKeyName: policy?.name ?? null, hour, anomalies, detectedAt: now.toISOString() };
    await saveAnomaly(policy?.tenantId ?? UNASSIGNED_TENANT, record);
    flagged++;
    if (policy) notified += await deliverNotificationEvent(apiAnomalyDetectedEvent(policy.tenantId, record));
  }
  metrics.addMetric('ApiAnomalies', MetricUnit.Count, flagged);
  return { processed: flagged, details: { keys: keys.length, notified } };
}

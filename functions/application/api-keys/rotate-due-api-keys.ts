/**
 * Rotate the API keys whose automatic rotation is due, one step per key and call (the
 * first part of the hourly API key maintenance).
 *
 * Steps, per key on the rotation work list whose step is due at `now` (a key moves at most
 * three steps a run, so a key rotated in a run is told of in the same run):
 *   1. read the key (the source of truth); deleted, or its entry stale: nothing to do;
 *   2. do its step: tell admins it rotates in `ROTATION_NOTICE_DAYS` days
 *      (`api_key.rotation_due`); rotate it (as `POST /v1/api-keys/{id}/rotate` does, default
 *      grace period), leaving the new value pending in API Gateway for an admin to claim
 *      once; or tell admins it was rotated (`api_key.rotated`);
 *   3. save the step on the key, conditioned on the version read, after its effect:
 *      notifications have ids fixed per key and due date, so a rerun after a crash
 *      notifies nobody twice; a rotation whose save fails discards its gateway key, so a
 *      rerun does not rotate twice.
 * A key that fails is logged and left on the list for the next run.
 */
import { rotateKeyValue } from '#adapters/apigateway/key-rotation';
import { dueRotations, getApiKey, saveApiKey, type DueRotation } from '#adapters/dynamodb/api-keys-repository';
import { deliverNotificationEvent } from '#application/notifications/deliver-notification-event';
import { apiKeyRotatedEvent, apiKeyRotationDueEvent, DEFAULT_GRACE_HOURS, rotationScheduleOf, rotationStepDue, withRotatedNotice, withRotationNotice } from '#domain/api-keys';
import { logger } from '#platform/observability';

export interface RotationReport {
  /** Ids of keys whose coming rotation admins were told of. */
  readonly rotationNotices: string[];
  /** Ids of keys rotated automatically. */
  readonly rotated: string[];
  /** Ids of keys whose automatic rotation admins were told of. */
  readonly rotatedNotices: string[];
  readonly failed: string[];
}

const PAGE = 100;
/** Bounds one run; what is left waits for the next hour. */
export const MAX_PAGES = 20;

/** Does the due step of one key. */
async function rotationStep(due: DueRotation, now: Date, report: RotationReport): Promise<void> {
  const key = await getApiKey(due.tenantId, due.keyId);
  if (!key) return; // Deleted: its work-list entry went with it.
  const schedule = rotationScheduleOf(key);
  // A stale entry (the key changed meanwhile): saving the key again rewrites it.
  if (!schedule || !rotationStepDue(schedule, now.getTime())) return;
  const at = now.toISOString();
  if (schedule.next === 'notify-before') {
    await deliverNotificationEvent(apiKeyRotationDueEvent(due.tenantId, key, at));
    await saveApiKey(due.tenantId, withRotationNotice(key, at), key.version, { policiesOf: [] });
    report.rotationNotices.push(key.id);
  } else if (schedule.next === 'rotate') {
    await rotateKeyValue(due.tenantId, key, DEFAULT_GRACE_HOURS, now, true);
    report.rotated.push(key.id);
  } else {
    await deliverNotificationEvent(apiKeyRotatedEvent(due.tenantId, key, key.pendingValue!, at));
    await saveApiKey(due.tenantId, withRotatedNotice(key, at), key.version, { policiesOf: [] });
    report.rotatedNotices.push(key.id);
  }
}

export async function rotateDueApiKeys(now: Date = new Date()): Promise<RotationReport> {
  const report: RotationReport = { rotationNotices: [], rotated: [], rotatedNotices: [], failed: [] };
  const steps = new Map<string, number>();
  for (let page = 0; page < MAX_PAGES; page++) {
    // A step done moves the key's entry (later, or off the list); a key gets at most 3 steps a run.
    const due = (await dueRotations(now, PAGE)).filter((d) => (steps.get(`${d.tenantId}#${d.keyId}`) ?? 0) < 3 && !report.failed.includes(d.keyId));
    if (due.length === 0) break;
    for (const d of due) {
      const id = `${d.tenantId}#${d.keyId}`;
      steps.set(id, (steps.get(id) ?? 0) + 1);
      try {
        await rotationStep(d, now, report);
      } catch (error) {
        report.failed.push(d.keyId);
        logger.error('Automatic rotation step failed for an API key; the next run tries again', { keyId: d.keyId, error: error as Error });
      }
    }
  }
  return report;
}

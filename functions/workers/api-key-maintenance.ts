/**
 * The hourly API key maintenance (EventBridge schedule). First, automatic rotation
 * (`rotateDueKeys`): per key on the rotation work list whose step is due, read the key
 * (the source of truth) and do its step: tell admins it rotates in
 * `ROTATION_NOTICE_DAYS` days; rotate it (as `POST /v1/api-keys/{id}/rotate` does,
 * default grace period), leaving the new value pending in API Gateway for an admin to
 * claim once; tell admins it was rotated. Each step is saved on the key, conditioned on
 * the version read, after its effect: notifications have ids fixed per key and due
 * date, so a rerun after a crash notifies nobody twice; a rotation whose save fails
 * discards its gateway key, so a rerun does not rotate twice.
 *
 * Then it deletes the gateway keys
 * whose grace period after a rotation has ended, with their policies, and disables
 * in API Gateway the keys past their expiry (the platform already refuses them with
 * 403 API_KEY_EXPIRED; this makes API Gateway refuse them too, before any Lambda
 * runs). Its work list is the sparse index of due policies, so it never scans.
 *
 * Idempotent: a gateway key already gone or disabled counts as done, and a policy
 * leaves the work list only once its action succeeded. One key failing does not stop
 * the others; the run then fails, so the error is visible and EventBridge retries.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { ScheduledEvent } from 'aws-lambda';
import { deleteGatewayKey, disableGatewayKeyIfExists } from '#adapters/apigateway/api-keys';
import { rotateKeyValue } from '#adapters/apigateway/key-rotation';
import { duePolicies, dueRotations, forgetRetiredKey, getApiKey, markExpiryEnforced, saveApiKey, type DuePolicy, type DueRotation } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import {
  DEFAULT_GRACE_HOURS,
  maintenanceAction,
  rotationScheduleOf,
  rotationStepDue,
  withRotatedNotice,
  withRotationNotice,
  type ApiKey,
} from '#domain/api-keys';
import { logger } from '#platform/observability';
import { deliverNotificationEvent } from './notifications';

export interface MaintenanceReport {
  readonly deleted: string[];
  readonly disabled: string[];
  readonly failed: string[];
  /** Ids of keys whose coming rotation admins were told of. */
  readonly rotationNotices: string[];
  /** Ids of keys rotated automatically. */
  readonly rotated: string[];
  /** Ids of keys whose automatic rotation admins were told of. */
  readonly rotatedNotices: string[];
}

export interface RotationReport {
  readonly rotationNotices: string[];
  readonly rotated: string[];
  readonly rotatedNotices: string[];
  readonly failed: string[];
}

const PAGE = 100;
/** Bounds one run; what is left waits for the next hour. */
const MAX_PAGES = 20;

async function maintain(due: DuePolicy, now: number, report: MaintenanceReport): Promise<void> {
  const action = maintenanceAction(due.policy, now);
  if (action === 'delete') {
    await deleteGatewayKey(due.gatewayKeyId);
    await forgetRetiredKey(due);
    report.deleted.push(due.gatewayKeyId);
  } else if (action === 'disable' && !due.expiryEnforced) {
    await disableGatewayKeyIfExists(due.gatewayKeyId);
    await markExpiryEnforced(due);
    report.disabled.push(due.gatewayKeyId);
  }
  forgetKeyPolicy(due.gatewayKeyId);
}

const rotationEvent = (key: ApiKey, tenantId: string, type: string, id: string, at: string, data: Record<string, unknown>) => ({
  id,
  type,
  occurredAt: at,
  tenant: tenantId,
  data: { keyId: key.id, name: key.name, owner: key.owner, keyPrefix: key.keyPrefix, ...data },
});

/** Does the due step of one key (one step per call; `rotateDueKeys` allows a key three a run). */
async function rotationStep(due: DueRotation, now: Date, report: RotationReport): Promise<void> {
  const key = await getApiKey(due.tenantId, due.keyId);
  if (!key) return; // Deleted: its work-list entry went with it.
  const schedule = rotationScheduleOf(key);
  if (!schedule || !rotationStepDue(schedule, now.getTime())) {
    // The entry is stale (the key changed meanwhile); saving it again rewrites the entry.
    return;
  }
  const at = now.toISOString();
  if (schedule.next === 'notify-before') {
    await deliverNotificationEvent(
      rotationEvent(key, due.tenantId, 'api_key.rotation_due', `api_key.rotation_due:${key.id}:${key.nextRotationAt}`, at, { dueAt: key.nextRotationAt }),
    );
    await saveApiKey(due.tenantId, withRotationNotice(key, at), key.version, { policiesOf: [] });
    report.rotationNotices.push(key.id);
  } else if (schedule.next === 'rotate') {
    await rotateKeyValue(due.tenantId, key, DEFAULT_GRACE_HOURS, now, true);
    report.rotated.push(key.id);
  } else {
    const pending = key.pendingValue!;
    await deliverNotificationEvent(
      rotationEvent(key, due.tenantId, 'api_key.rotated', `api_key.rotated:${key.id}:${pending.rotatedAt}`, at, {
        rotatedAt: pending.rotatedAt,
        previousValueUntil: pending.previousValueUntil,
      }),
    );
    await saveApiKey(due.tenantId, withRotatedNotice(key, at), key.version, { policiesOf: [] });
    report.rotatedNotices.push(key.id);
  }
}

/**
 * The automatic rotation part of a run at `now`: each due key moves one step (a key
 * rotated in this run is told of in the same run, its next step being due at once).
 * A key that fails is logged and left on the list for the next run.
 */
export async function rotateDueKeys(now: Date = new Date()): Promise<RotationReport> {
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

/** One maintenance run at `now`: automatic rotations, then the gateway keys due. */
export async function maintainApiKeys(now: Date = new Date()): Promise<MaintenanceReport> {
  const rotation = await rotateDueKeys(now);
  const report: MaintenanceReport = {
    deleted: [],
    disabled: [],
    failed: [...rotation.failed],
    rotationNotices: rotation.rotationNotices,
    rotated: rotation.rotated,
    rotatedNotices: rotation.rotatedNotices,
  };
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    // Done policies leave the list, so each page starts over; failed ones are skipped.
    const due = (await duePolicies(now, PAGE)).filter((d) => !seen.has(d.gatewayKeyId));
    if (due.length === 0) break;
    for (const d of due) {
      seen.add(d.gatewayKeyId);
      try {
        await maintain(d, now.getTime(), report);
      } catch (error) {
        report.failed.push(d.gatewayKeyId);
        logger.error('API key maintenance failed for a gateway key', { gatewayKeyId: d.gatewayKeyId, keyId: d.policy.keyId, error: error as Error });
      }
    }
  }
  logger.info('API key maintenance', {
    deleted: report.deleted.length,
    disabled: report.disabled.length,
    rotated: report.rotated.length,
    notices: report.rotationNotices.length + report.rotatedNotices.length,
    failed: report.failed.length,
  });
  if (report.failed.length > 0) throw new Error(`API key maintenance failed for ${report.failed.length} key(s) or gateway key(s): ${report.failed.join(', ')}`);
  return report;
}

export const handler = middy<ScheduledEvent, MaintenanceReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => maintainApiKeys(new Date(event.time)));

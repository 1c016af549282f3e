/**
 * The hourly API key maintenance (the schedule's use case).
 *
 * Steps:
 *   1. automatic rotations (`rotateDueApiKeys`);
 *   2. per gateway key on the sparse index of due policies (so it never scans): delete the
 *      gateway keys whose grace period after a rotation has ended, with their policies;
 *      disable in API Gateway the keys past their expiry (the platform already refuses
 *      them with 403 API_KEY_EXPIRED; this makes API Gateway refuse them too, before any
 *      Lambda runs); forget the cached policy;
 *   3. log the counts; any key or gateway key that failed fails the run (after the others
 *      were done), so the error is visible and EventBridge retries.
 * Idempotent: a gateway key already gone or disabled counts as done, and a policy leaves
 * the work list only once its action succeeded.
 */
import { deleteGatewayKey, disableGatewayKeyIfExists } from '#adapters/apigateway/api-keys';
import { duePolicies, forgetRetiredKey, markExpiryEnforced, type DuePolicy } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { maintenanceAction } from '#domain/api-keys';
import { logger } from '#platform/observability';
import { MAX_PAGES, rotateDueApiKeys, type RotationReport } from './rotate-due-api-keys';

export interface MaintenanceReport extends RotationReport {
  readonly deleted: string[];
  readonly disabled: string[];
}

const PAGE = 100;

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

/** One maintenance run at `now`. */
export async function maintainApiKeys(now: Date = new Date()): Promise<MaintenanceReport> {
  const rotation = await rotateDueApiKeys(now);
  const report: MaintenanceReport = { ...rotation, deleted: [], disabled: [], failed: [...rotation.failed] };
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

/**
 * The hourly API key maintenance (EventBridge schedule): deletes the gateway keys
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
import { duePolicies, forgetRetiredKey, markExpiryEnforced, type DuePolicy } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { maintenanceAction } from '#domain/api-keys';
import { logger } from '#platform/observability';

export interface MaintenanceReport {
  readonly deleted: string[];
  readonly disabled: string[];
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

/** One maintenance run at `now`. */
export async function maintainApiKeys(now: Date = new Date()): Promise<MaintenanceReport> {
  const report: MaintenanceReport = { deleted: [], disabled: [], failed: [] };
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
  logger.info('API key maintenance', { deleted: report.deleted.length, disabled: report.disabled.length, failed: report.failed.length });
  if (report.failed.length > 0) throw new Error(`API key maintenance failed for ${report.failed.length} gateway key(s): ${report.failed.join(', ')}`);
  return report;
}

export const handler = middy<ScheduledEvent, MaintenanceReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => maintainApiKeys(new Date(event.time)));

import { readCount } from '#adapters/dynamodb/control/counters';
import { findKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { quotaWindow, usageReport } from '#domain/usage';
import { USAGE_PLANS } from '#lib/model/usage-plans';
import type { UsagePlanDecl } from '#lib/model/types';
import { ValidationFailed } from '#platform/errors';

/**
 * An API key's use of its quota. Steps: the call must carry a key (400); the key's plan
 * from its policy (the first plan when it has none); the quota window that holds `now`;
 * the key's quota counter in it (this call is already counted); the report.
 */
export async function getUsage(apiKeyId: string | undefined, now = Date.now()) {
  if (!apiKeyId) throw new ValidationFailed('This call carries no API key', [{ path: 'headers.x-api-key', message: 'required' }]);
  const policy = await findKeyPolicy(apiKeyId);
  const plan = USAGE_PLANS.find((p) => p.id === policy?.planId) ?? (USAGE_PLANS[0] as UsagePlanDecl);
  const window = quotaWindow(plan.quota.period, now);
  return usageReport(apiKeyId, plan, window, await readCount(`quota#${apiKeyId}`, window.start));
}

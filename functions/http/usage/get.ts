import { readCount } from '#adapters/dynamodb/control/counters';
import { findKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { findRoute } from '#lib/model/find-route';
import { usageRoutes } from '#lib/model/routes/usage';
import { USAGE_PLANS } from '#lib/model/usage-plans';
import type { UsagePlanDecl } from '#lib/model/types';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { quotaWindow } from '#http-stack/quotas';

/** Reads the key's quota counter; this call itself is already counted in it. */
export async function getUsage(request: HttpRequest) {
  const keyId = request.apiKeyId;
  if (!keyId) throw new ValidationFailed('This call carries no API key', [{ path: 'headers.x-api-key', message: 'required' }]);
  const policy = await findKeyPolicy(keyId);
  const plan = USAGE_PLANS.find((p) => p.id === policy?.planId) ?? (USAGE_PLANS[0] as UsagePlanDecl);
  const { start, end } = quotaWindow(plan.quota.period, Date.now());
  const used = await readCount(`quota#${keyId}`, start);
  return {
    status: 200,
    body: {
      apiKeyId: keyId,
      plan,
      period: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
      used,
      remaining: Math.max(0, plan.quota.limit - used),
    },
  };
}

export const handler = httpRoute(findRoute(usageRoutes, 'getUsage'), getUsage);
